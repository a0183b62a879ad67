import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";
import { serveApp } from "../../helpers/serve.ts";
import { statuspageDocuments } from "../../helpers/statuspage-documents.ts";
import * as rig from "./statuspage-rig.ts";

/**
 * How the Statuspage v2 public documents travel (reference: statuspage-api-and-feeds.md §1): CORS,
 * caching and revalidation, compression, errors.
 */

const { now, component } = rig;
type Json = rig.Json;

const t = testAppForEachTest({ now });
rig.useApp(t);

describe("HTTP behaviour", () => {
  const paths = statuspageDocuments.map((p) => `/api/v2/${p}`);

  it("answers every document with CORS, a public Cache-Control that asks for revalidation, JSON and an ETag", async () => {
    for (const path of paths) {
      const res = await t.request("GET", path, { token: null });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(res.headers.get("etag"), path).toMatch(/^"[^"]+"$/);
      // Stored by browsers and proxies, but checked with the ETag before each use: a poller sees a
      // change at once and pays a 304 while nothing changes.
      const cacheControl = res.headers.get("cache-control") ?? "";
      expect(cacheControl, path).toMatch(/\bpublic\b/);
      expect(cacheControl, path).toMatch(/\bno-cache\b/);
      expect(cacheControl, path).not.toMatch(/no-store|max-age=[1-9]/);
      expect(JSON.parse(await res.text()).page, path).toBeDefined();
    }
  });

  it("answers If-None-Match with 304 and no body, until a change through the admin API", async () => {
    const first = await t.request("GET", "/api/v2/summary.json", { token: null });
    const etag = first.headers.get("etag")!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await t.request("GET", "/api/v2/summary.json", {
        token: null,
        headers: { "If-None-Match": header },
      });
      expect(res.status, header).toBe(304);
      expect(await res.text(), header).toBe("");
      expect(res.headers.get("etag"), header).toBe(etag);
      expect(res.headers.get("access-control-allow-origin"), header).toBe("*");
      expect(res.headers.get("cache-control"), header).toBe("public, no-cache");
    }
    const other = await t.request("GET", "/api/v2/summary.json", {
      token: null,
      headers: { "If-None-Match": '"something-else"' },
    });
    expect(other.status).toBe(200);

    await component("API");
    const after = await t.request("GET", "/api/v2/summary.json", {
      token: null,
      headers: { "If-None-Match": etag },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(((await after.json()) as Json).components).toHaveLength(1);
  });

  it("gives each locale its own ETag", async () => {
    await seedDemo(t.deps);
    const en = await t.request("GET", "/api/v2/incidents.json", { token: null });
    const fr = await t.request("GET", "/api/v2/incidents.json?locale=fr", { token: null });
    expect(fr.headers.get("etag")).not.toBe(en.headers.get("etag"));
    const revalidated = await t.request("GET", "/api/v2/incidents.json?locale=fr", {
      token: null,
      headers: { "If-None-Match": en.headers.get("etag")! },
    });
    expect(revalidated.status).toBe(200);
  });

  it("answers HEAD over real HTTP with the GET headers and no body", async () => {
    await seedDemo(t.deps);
    const server = await serveApp(t.app);
    try {
      const got = await fetch(`${server.url}/api/v2/summary.json`);
      const head = await fetch(`${server.url}/api/v2/summary.json`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      for (const name of ["etag", "access-control-allow-origin", "cache-control", "content-type"]) {
        expect(head.headers.get(name), name).toBe(got.headers.get(name));
      }
      expect(((await got.json()) as Json).incidents).toHaveLength(1);
      const notModified = await fetch(`${server.url}/api/v2/summary.json`, {
        headers: { "If-None-Match": got.headers.get("etag")! },
      });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe("");
    } finally {
      await server.close();
    }
  });

  it("answers an unknown /api/v2 path with a 404 JSON error a browser can read", async () => {
    for (const path of ["/api/v2/nope.json", "/api/v2/incidents/resolved.json", "/api/v2/summary"]) {
      const res = await t.json("GET", path, { token: null });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(Object.keys(res.body)).toEqual(["error"]);
      expect(res.body.error).toEqual({ code: "not_found", message: expect.stringContaining(path) });
    }
    const post = await t.json("POST", "/api/v2/summary.json", { token: null, body: {} });
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe("not_found");
  });

  it("answers a CORS preflight", async () => {
    const res = await t.request("OPTIONS", "/api/v2/summary.json", {
      token: null,
      headers: { Origin: "https://example.com", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
  });
});
