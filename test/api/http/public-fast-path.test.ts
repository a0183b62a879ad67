import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { createServerApp } from "../../../api/http/server-app.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { statuspageDocuments } from "../../helpers/public-documents.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";

/**
 * The public documents answered on Node's own request and response (as `vigie serve` runs them)
 * must be the answers @hono/node-server and the router give: same status, headers and bytes.
 */

interface Raw {
  status: number;
  /** Lower-cased names and values, sorted; without Date, which changes every second. */
  headers: string[];
  body: Buffer;
}

function get(url: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          if (name !== "date") pairs.push(`${name}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode ?? 0, headers: pairs.sort(), body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

let t: TestApp;
/** The app with its Node fast path in front, as the server runs it. */
let fast: Served;
/** The same app behind @hono/node-server alone. */
let adapter: Served;
/** Requests the Node fast path answered itself. */
let answered = 0;

beforeAll(async () => {
  // The version trusted for the whole file: documents stay cached until a write says otherwise.
  t = await createTestApp({ versionTtlMs: 600_000 });
  await seedDemo(t.deps);
  const app = t.app;
  fast = await serveApp({
    fetch: (r) => app.fetch(r),
    nodeFastPath: (incoming, outgoing) => {
      const done = app.nodeFastPath(incoming, outgoing);
      if (done) answered++;
      return done;
    },
  });
  adapter = await serveApp({ fetch: (r) => app.fetch(r) });
});
afterAll(async () => {
  await fast.close();
  await adapter.close();
  t.close();
});

const documents = [...statuspageDocuments, "/api/v2/incidents.json?locale=fr"];

describe("public documents on Node's objects", () => {
  it("answers every cached document with the adapter's status, headers and bytes, 304s included", async () => {
    for (const path of documents) {
      // The first request builds the document (the router's work); from then on it is cached.
      await get(adapter.url, path);
      const before = answered;
      for (const accept of ["gzip, deflate, br, zstd", "gzip", "identity", "", "br;q=0, *;q=0.5"]) {
        const headers: Record<string, string> = accept ? { "Accept-Encoding": accept } : {};
        const ours = await get(fast.url, path, headers);
        const theirs = await get(adapter.url, path, headers);
        expect(ours.status, `${path} ${accept}`).toBe(200);
        expect(ours.headers, `${path} ${accept}`).toEqual(theirs.headers);
        expect(ours.body.equals(theirs.body), `${path} ${accept}`).toBe(true);
        expect(ours.headers).toContain(`content-length: ${ours.body.length}`);

        const etag = ours.headers.find((h) => h.startsWith("etag: "))!.slice(6);
        for (const held of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
          const revalidated = { ...headers, "If-None-Match": held };
          const ours304 = await get(fast.url, path, revalidated);
          const theirs304 = await get(adapter.url, path, revalidated);
          expect(ours304.status, `${path} ${accept} ${held}`).toBe(304);
          expect(ours304.headers, `${path} ${accept} ${held}`).toEqual(theirs304.headers);
          expect(ours304.body.length).toBe(0);
        }
        const stale = await get(fast.url, path, { ...headers, "If-None-Match": '"stale"' });
        expect(stale.status).toBe(200);
        expect(stale.body.equals(ours.body)).toBe(true);
      }
      // 5 encodings × (1 + 4 revalidations + 1 stale tag), every one on the fast path.
      expect(answered - before, path).toBe(30);
    }
  });

  it("hands HEAD, other queries, other paths and absolute targets to the router, which answers them", async () => {
    const before = answered;
    const head = await get(fast.url, "/api/v2/summary.json", { "Accept-Encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers).toContain("content-encoding: br");
    const query = await get(fast.url, "/api/v2/summary.json?page=2");
    expect(query.status).toBe(200);
    const unknownLocale = await get(fast.url, "/api/v2/summary.json?locale=xx");
    expect(unknownLocale.status).toBe(200);
    const missing = await get(fast.url, "/api/v2/nothing.json");
    expect(missing.status).toBe(404);
    // A proxy's absolute form: the adapter builds the URL from it.
    const absolute = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(fast.url);
      const req = request({ host: "127.0.0.1", port, path: `${fast.url}/api/v2/status.json` }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(absolute).toBe(200);
    expect(answered).toBe(before);
  });

  it("serves a changed document after a write, not the one cached before", async () => {
    const path = "/api/v2/incidents.json";
    const first = await get(fast.url, path, { "Accept-Encoding": "identity" });
    const created = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Fresh on the fast path", status: "investigating", body: "Looking" },
    });
    expect(created.status).toBe(201);
    const after = await get(fast.url, path, { "Accept-Encoding": "identity" });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain("Fresh on the fast path");
    expect(after.headers.find((h) => h.startsWith("etag: "))).not.toBe(
      first.headers.find((h) => h.startsWith("etag: ")),
    );
  });

  it("leaves the admin host to the router, which serves no public document there", async () => {
    const adminUrl = "http://admin.status.test";
    const app = createServerApp({ deps: t.deps, publicUrl: testPublicUrl, adminUrl, siteRoot: () => null });
    const served = await serveApp(app);
    try {
      // Once through the public host so that the document is cached.
      expect((await get(served.url, "/api/v2/status.json")).status).toBe(200);
      const cached = await get(served.url, "/api/v2/status.json");
      expect(cached.status).toBe(200);
      for (const host of ["admin.status.test", "ADMIN.status.test", "admin.status.test:80"]) {
        const onAdmin = await get(served.url, "/api/v2/status.json", { Host: host });
        expect(onAdmin.status, host).toBe(404);
      }
    } finally {
      await served.close();
    }
  });
});
