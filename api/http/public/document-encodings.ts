import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const deflateGzip = promisify(gzip);

export type Encoding = "br" | "gzip" | "identity";

/** A status and the headers that go with it, made once: nothing is built per request. */
export interface Answer {
  status: 200 | 304;
  /** The bytes of a 200; null for a 304. */
  body: Uint8Array<ArrayBuffer> | null;
  /** What `new Response` takes. */
  init: { status: 200 | 304; headers: Record<string, string> };
  /** What Node's `writeHead` takes: the same headers, with Content-Length on a 200. */
  nodeHeaders: Record<string, string>;
}

/** One encoding of a document with the headers of its answers, built once per change of the data. */
export interface Representation {
  encoding: Encoding;
  body: Uint8Array<ArrayBuffer>;
  /** Strong, and distinct per encoding: the bytes differ. */
  etag: string;
  ok: Answer;
  notModified: Answer;
}

export type Representations = Record<Encoding, Representation>;

const common = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag",
  // Stored, but asked again every time: an open page polling the document pays a 304 while
  // nothing changes and sees a change at its next poll.
  "Cache-Control": "public, no-cache",
  Vary: "Accept-Encoding",
};

function representation(encoding: Encoding, body: Uint8Array<ArrayBuffer>, etag: string): Representation {
  const notModified = { ...common, ETag: etag };
  const ok: Record<string, string> = { ...notModified, "Content-Type": "application/json; charset=utf-8" };
  if (encoding !== "identity") ok["Content-Encoding"] = encoding;
  return {
    encoding,
    body,
    etag,
    ok: {
      status: 200,
      body,
      init: { status: 200, headers: ok },
      nodeHeaders: { ...ok, "Content-Length": String(body.byteLength) },
    },
    notModified: {
      status: 304,
      body: null,
      init: { status: 304, headers: notModified },
      nodeHeaders: notModified,
    },
  };
}

/**
 * The JSON text, gzipped and brotli-compressed at their best (it happens once per change); with
 * `compress` off, every encoding is the plain text.
 */
export async function encodeDocument(json: string, compress = true): Promise<Representations> {
  // Bytes of its own (a small Buffer.from would share Node's pool), kept as long as the data holds.
  const plain = new TextEncoder().encode(json);
  const hash = createHash("sha256").update(plain).digest("base64url").slice(0, 27);
  if (!compress) {
    const identity = representation("identity", plain, `"${hash}"`);
    return { identity, gzip: identity, br: identity };
  }
  const [br, gz] = await Promise.all([
    brotli(plain, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
      },
    }),
    deflateGzip(plain, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return {
    identity: representation("identity", plain, `"${hash}"`),
    gzip: representation("gzip", new Uint8Array(gz), `"${hash}.gz"`),
    br: representation("br", new Uint8Array(br), `"${hash}.br"`),
  };
}

/** The best encoding an `Accept-Encoding` header allows: brotli, then gzip, else none (RFC 9110 §12.5.3). */
function parseAcceptEncoding(header: string): Encoding {
  let br = 0;
  let gz = 0;
  let any = -1;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";");
    const coding = name.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=");
      if (key?.trim().toLowerCase() === "q") q = Number(value) || 0;
    }
    if (coding === "br") br = q;
    else if (coding === "gzip" || coding === "x-gzip") gz = q;
    else if (coding === "*") any = q;
  }
  if (any >= 0) {
    if (!/\bbr\b/i.test(header)) br = any;
    if (!/\bgzip\b/i.test(header)) gz = any;
  }
  if (br > 0 && br >= gz) return "br";
  if (gz > 0) return "gzip";
  return "identity";
}

// Browsers and clients send a handful of distinct headers: each is parsed once.
const chosen = new Map<string, Encoding>();

export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return "identity";
  let encoding = chosen.get(header);
  if (encoding === undefined) {
    encoding = parseAcceptEncoding(header);
    if (chosen.size >= 256) chosen.clear();
    chosen.set(header, encoding);
  }
  return encoding;
}

/** The representation an `If-None-Match` names (weak comparison, RFC 9110 §13.1.2), if any. */
function matching(reps: Representations, chosenRep: Representation, header: string): Representation | null {
  if (header === chosenRep.etag) return chosenRep;
  for (const raw of header.split(",")) {
    const tag = raw.trim().replace(/^W\//, "");
    if (tag === "*" || tag === chosenRep.etag) return chosenRep;
    if (tag === reps.identity.etag) return reps.identity;
    if (tag === reps.gzip.etag) return reps.gzip;
    if (tag === reps.br.etag) return reps.br;
  }
  return null;
}

/**
 * What a cached document's request gets: 304 when the client holds a current copy (in any
 * encoding: the content is the same), else the precompressed bytes. Made when the document was.
 */
export function chooseAnswer(
  reps: Representations,
  ifNoneMatch: string | undefined,
  acceptEncoding: string | undefined,
): Answer {
  const rep = reps[chooseEncoding(acceptEncoding)];
  if (ifNoneMatch) {
    const held = matching(reps, rep, ifNoneMatch);
    if (held) return held.notModified;
  }
  return rep.ok;
}

/** A cached document's answer as a Response (see `chooseAnswer`). */
export function answerDocument(
  reps: Representations,
  ifNoneMatch: string | undefined,
  acceptEncoding: string | undefined,
): Response {
  const answer = chooseAnswer(reps, ifNoneMatch, acceptEncoding);
  return new Response(answer.body, answer.init);
}
