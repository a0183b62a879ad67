import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";

/**
 * The public documents over real HTTP: precompressed answers chosen by Accept-Encoding, one strong
 * ETag per encoding, 304 on If-None-Match, and the same metrics whichever way the answer was made.
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let t: TestApp;
let served: Served;

/** A GET whose body stays as sent (fetch would decompress it and hide Content-Encoding). */
function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${served.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const decoded = (raw: Raw) => {
  const encoding = raw.headers["content-encoding"];
  const bytes =
    encoding === "br"
      ? brotliDecompressSync(raw.body)
      : encoding === "gzip"
        ? gunzipSync(raw.body)
        : raw.body;
  return JSON.parse(bytes.toString("utf8")) as { page: unknown; incidents?: { name: string }[] };
};

const summary = "/api/v2/summary.json";

beforeAll(async () => {
  t = await createTestApp({ metrics: { token: "scrape-0123456789abcdef0123", minIntervalMs: 0 } });
  await seedDemo(t.deps);
  served = await serveApp(t.app);
});
afterAll(async () => {
  await served.close();
  t.close();
});

describe("compressed public documents", () => {
  it("sends brotli, gzip or plain bytes as the client accepts, all the same document", async () => {
    const plain = await get(summary);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const cases: [string, string | undefined][] = [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["gzip;q=0.9, br;q=0.1", "gzip"],
      ["gzip;q=0.5, br", "br"],
      ["*", "br"],
      ["br;q=0, *;q=0.5", "gzip"],
      ["identity", undefined],
      ["gzip;q=0, br;q=0", undefined],
      ["deflate", undefined],
    ];
    for (const [accept, expected] of cases) {
      const res = await get(summary, { "Accept-Encoding": accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers["content-encoding"], accept).toBe(expected);
      expect(res.headers.vary, accept).toBe("Accept-Encoding");
      expect(Number(res.headers["content-length"]), accept).toBe(res.body.length);
      expect(decoded(res), accept).toEqual(decoded(plain));
    }
    const br = await get(summary, { "Accept-Encoding": "br" });
    const gzip = await get(summary, { "Accept-Encoding": "gzip" });
    // The demo summary is about 9 KB: compressed, it fits in a couple of packets.
    expect(plain.body.length).toBeGreaterThan(5000);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 4);
    expect(br.body.length).toBeLessThan(gzip.body.length);
  });

  it("gives each encoding its own strong ETag, and answers 304 to any of them until the data changes", async () => {
    const reps = await Promise.all(
      ["identity", "gzip", "br"].map((accept) => get(summary, { "Accept-Encoding": accept })),
    );
    const etags = reps.map((r) => String(r.headers.etag));
    for (const etag of etags) expect(etag).toMatch(/^"[^"]+"$/);
    expect(new Set(etags).size).toBe(3);
    for (const [i, etag] of etags.entries()) {
      for (const accept of ["identity", "gzip, br"]) {
        const res = await get(summary, { "Accept-Encoding": accept, "If-None-Match": etag });
        expect(res.status, `${etag} ${accept}`).toBe(304);
        expect(res.body.length).toBe(0);
        // The 304 names the copy the client holds, so its cache keeps matching.
        expect(res.headers.etag).toBe(etags[i]);
        expect(res.headers.vary).toBe("Accept-Encoding");
        expect(res.headers["cache-control"]).toBe("public, no-cache");
        expect(res.headers["access-control-allow-origin"]).toBe("*");
        expect(res.headers["content-encoding"]).toBeUndefined();
      }
    }
    // The same bytes every time while nothing changes: compressed once, not per request.
    const again = await get(summary, { "Accept-Encoding": "br" });
    expect(again.body.equals(reps[2]!.body)).toBe(true);

    const created = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Compressed and fresh", status: "investigating", body: "Looking" },
    });
    expect(created.status).toBe(201);
    const after = await get(summary, { "Accept-Encoding": "gzip, br", "If-None-Match": etags[2]! });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etags[2]);
    expect(decoded(after).incidents?.map((i) => i.name)).toContain("Compressed and fresh");
  });

  it("compresses every public document and each locale apart", async () => {
    for (const path of [
      "/api/v2/status.json",
      "/api/v2/components.json",
      "/api/v2/incidents.json",
      "/api/v2/incidents.json?locale=fr",
      "/api/v2/incidents/unresolved.json",
      "/api/v2/scheduled-maintenances.json",
      "/api/v2/scheduled-maintenances/upcoming.json",
      "/api/v2/scheduled-maintenances/active.json",
    ]) {
      const plain = await get(path);
      // Twice: the first may build the document, the second is answered from the cache.
      for (let i = 0; i < 2; i++) {
        const res = await get(path, { "Accept-Encoding": "br" });
        expect(res.headers["content-encoding"], path).toBe("br");
        expect(decoded(res), path).toEqual(decoded(plain));
      }
    }
    const en = await get("/api/v2/incidents.json", { "Accept-Encoding": "br" });
    const fr = await get("/api/v2/incidents.json?locale=fr", { "Accept-Encoding": "br" });
    expect(fr.headers.etag).not.toBe(en.headers.etag);
  });

  it("answers HEAD with the headers of the GET it stands for", async () => {
    const got = await get(summary, { "Accept-Encoding": "br" });
    const head = await new Promise<Raw>((resolve, reject) => {
      const req = request(
        `${served.url}${summary}`,
        { method: "HEAD", headers: { "Accept-Encoding": "br" } },
        (res) => {
          res.resume();
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(head.status).toBe(200);
    for (const name of ["etag", "content-encoding", "vary", "cache-control", "content-type"])
      expect(head.headers[name], name).toBe(got.headers[name]);
  });

  it("counts every answer in /metrics by route and status, cached or not", async () => {
    const scrape = async () =>
      (await t.request("GET", "/metrics", { token: "scrape-0123456789abcdef0123" })).text();
    const count = (text: string, status: number) =>
      Number(
        text
          .split("\n")
          .find((l) =>
            l.startsWith(
              `vigie_http_requests_total{method="GET",route="/api/v2/status.json",status="${status}"} `,
            ),
          )
          ?.split(" ")[1] ?? 0,
      );
    const before = await scrape();
    const first = await get("/api/v2/status.json", { "Accept-Encoding": "br" });
    for (let i = 0; i < 4; i++) await get("/api/v2/status.json", { "Accept-Encoding": "br" });
    for (let i = 0; i < 3; i++)
      await get("/api/v2/status.json", {
        "Accept-Encoding": "br",
        "If-None-Match": String(first.headers.etag),
      });
    const after = await scrape();
    expect(count(after, 200) - count(before, 200)).toBe(5);
    expect(count(after, 304) - count(before, 304)).toBe(3);
  });
});
