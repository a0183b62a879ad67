import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteRoutes } from "../../../api/http/site/serve-site.ts";

let dir: string;
let app: Hono;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-serve-"));
  const build = join(dir, "builds", "1");
  mkdirSync(join(build, "_astro"), { recursive: true });
  mkdirSync(join(build, "incidents", "inc_1"), { recursive: true });
  writeFileSync(
    join(build, "index.html"),
    `<!doctype html><title>Home</title>${"<p>status</p>".repeat(200)}`,
  );
  writeFileSync(join(build, "incidents", "inc_1", "index.html"), "<!doctype html><title>Incident</title>");
  writeFileSync(join(build, "404.html"), "<!doctype html><title>Not found</title>");
  writeFileSync(join(build, "history.rss"), "<rss/>");
  writeFileSync(join(build, "maintenances.ics"), "BEGIN:VCALENDAR");
  writeFileSync(join(build, "badge.svg"), "<svg/>");
  writeFileSync(join(build, "_astro", "a.1234.css"), "body{}");
  writeFileSync(join(dir, "secret.txt"), "outside the site");
  symlinkSync(build, join(dir, "current"));
  app = new Hono();
  app.get("/api/v2/summary.json", (c) => c.json({ ok: true }));
  app.route("/", siteRoutes({ root: join(dir, "current"), fallback: () => null }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("serving the built page", () => {
  it("serves pages with their content type and a revalidating cache policy", async () => {
    for (const [path, type] of [
      ["/", "text/html; charset=utf-8"],
      ["/incidents/inc_1/", "text/html; charset=utf-8"],
      ["/incidents/inc_1", "text/html; charset=utf-8"],
      ["/history.rss", "application/rss+xml; charset=utf-8"],
      ["/maintenances.ics", "text/calendar; charset=utf-8"],
      ["/badge.svg", "image/svg+xml; charset=utf-8"],
    ]) {
      const res = await app.request(path!);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=0, must-revalidate");
    }
  });

  it("lets fingerprinted assets be cached for a year", async () => {
    const res = await app.request("/_astro/a.1234.css");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("compresses what is worth compressing", async () => {
    const res = await app.request("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await app.request("/badge.svg");
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const second = await app.request("/badge.svg", { headers: { "If-None-Match": etag } });
    expect(second.status).toBe(304);
  });

  it("serves the 404 page with a 404 status, and never a file outside the build", async () => {
    for (const path of ["/nope", "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain("outside the site");
    }
  });

  it("leaves the API to the API", async () => {
    const res = await app.request("/api/v2/summary.json");
    expect(await res.json()).toEqual({ ok: true });
  });
});
