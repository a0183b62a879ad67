import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Agent } from "undici";
import { formatBytes } from "./bounded-body.ts";
import { FetchFailedError } from "./errors.ts";

/** A checked target, as the safe fetch's guard leaves it: the request may go out through `agent`. */
export interface Guarded {
  url: URL;
  host: string;
  /** Dials only the address that was checked. */
  agent: Agent;
  /** The caller's signal and the deadline, which covers the body too. */
  signal: AbortSignal;
  maxBytes: number;
  mapError(error: unknown): Error;
  /** Clears the deadline: call once the body is read, cancelled or failed. */
  settled(): void;
  userAgent: string;
}

export type Guard = (
  url: string,
  init: {
    timeoutMs?: number | undefined;
    maxBytes?: number | undefined;
    signal?: AbortSignal | null | undefined;
  },
) => Promise<Guarded>;

/** What reading a response needs; a fetch `Response` has the same shape. */
export interface PlainResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: (AsyncIterable<Uint8Array> & { cancel(): Promise<void> }) | null;
}

export interface GetInit {
  headers?: Record<string, string>;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
}

/** A GET through the safe fetch's guard, returned as is (redirects included), its body bounded like a fetch's. */
export type SafeGet = (url: string, init?: GetInit) => Promise<PlainResponse>;

/**
 * The safe fetch without the Fetch API: undici's own request on the pinned agent, its Node stream
 * read directly. The monitor's checks go this way, since building a Request, a Response and their
 * web streams cost more than the rest of a check that gets a 304. The guard is the same (the URL,
 * every resolved address, the pinned connection, the deadline), redirects are never followed, the
 * body is decoded as a fetch decodes it and its decoded bytes are counted against the limit.
 */
export function safeGet(guard: Guard): SafeGet {
  return async (input, init = {}) => {
    const guarded = await guard(input, { timeoutMs: init.timeoutMs, maxBytes: init.maxBytes });
    const { url, agent, signal, mapError, settled } = guarded;
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    headers["user-agent"] ??= guarded.userAgent;
    let response: Awaited<ReturnType<Agent["request"]>>;
    try {
      response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers,
        signal,
      });
    } catch (error) {
      settled();
      throw mapError(error);
    }
    const get = (name: string) => {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    };
    const declared = Number(get("content-length"));
    if (Number.isFinite(declared) && declared > guarded.maxBytes) {
      response.body.destroy();
      settled();
      throw tooLarge(guarded);
    }
    return {
      status: response.statusCode,
      headers: { get },
      body: boundedBody(response.body, get("content-encoding"), guarded),
    };
  };
}

function boundedBody(
  body: Readable & { dump(): Promise<void> },
  encoding: string | null,
  guarded: Guarded,
): NonNullable<PlainResponse["body"]> {
  const decoder = decoderFor(encoding);
  const stream: Readable = decoder ? pipeline(body, decoder, () => {}) : body;
  let done = false;
  const settle = () => {
    if (done) return;
    done = true;
    guarded.settled();
  };
  return {
    async *[Symbol.asyncIterator]() {
      let received = 0;
      try {
        for await (const chunk of stream) {
          received += (chunk as Uint8Array).byteLength;
          if (received > guarded.maxBytes) throw tooLarge(guarded);
          yield chunk as Uint8Array;
        }
      } catch (error) {
        throw error instanceof FetchFailedError ? error : guarded.mapError(error);
      } finally {
        if (!stream.readableEnded) stream.destroy();
        settle();
      }
    },
    async cancel() {
      // Read what little is left (a 304 or an error page) so that the connection can serve again.
      if (decoder) decoder.destroy();
      await body.dump().catch(() => {});
      settle();
    },
  };
}

/** The encodings a fetch decodes; any other is passed on as is, as a fetch does. */
function decoderFor(encoding: string | null) {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return null;
  }
}

function tooLarge({ host, maxBytes }: Guarded) {
  return new FetchFailedError(
    "too_large",
    `the response from ${host} is larger than ${formatBytes(maxBytes)}`,
  );
}
