import { pbkdf2 } from "node:crypto";
import { linkSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteRoutes } from "../../../api/http/site/serve-site.ts";
import { SiteFiles } from "../../../api/http/site/site-files.ts";

let dir: string;
let app: Hono;

function build(name: string, title: string) {
  const path = join(dir, "builds", name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, "index.html"), `<!doctype html><title>${title}</title>${"<p>ok</p>".repeat(500)}`);
  return path;
}

/** Points `current` at a build in one rename, as the publisher does. */
function swapTo(path: string) {
  const link = join(dir, "current.tmp");
  symlinkSync(path, link);
  renameSync(link, join(dir, "current"));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-site-files-"));
  swapTo(build("1", "First"));
  app = new Hono();
  app.route("/", siteRoutes({ root: join(dir, "current"), fallback: () => null }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the page served from memory", () => {
  it("takes the files a new build shares with the previous one (hard links) as they were read", () => {
    const own = mkdtempSync(join(tmpdir(), "vigie-site-links-"));
    try {
      const first = join(own, "1");
      mkdirSync(first);
      writeFileSync(join(first, "index.html"), "<title>One</title>");
      writeFileSync(join(first, "kept.html"), "<p>kept</p>");
      let root = first;
      const files = new SiteFiles(() => root);
      const keptBefore = files.find("/kept.html")!.file;
      // What the publisher does: links every file, then writes the changed ones as new files.
      const second = join(own, "2");
      mkdirSync(second);
      linkSync(join(first, "kept.html"), join(second, "kept.html"));
      writeFileSync(join(second, "index.html"), "<title>Two</title>");
      root = second;
      expect(files.find("/")!.file.body.toString()).toBe("<title>Two</title>");
      expect(files.find("/kept.html")!.file).toBe(keptBefore);
      // A file written anew is read anew.
      rmSync(join(second, "kept.html"));
      writeFileSync(join(second, "kept.html"), "<p>changed</p>");
      const third = join(own, "3");
      mkdirSync(third);
      linkSync(join(second, "kept.html"), join(third, "kept.html"));
      root = third;
      expect(files.find("/kept.html")!.file.body.toString()).toBe("<p>changed</p>");
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("serves the new build as soon as `current` points at it", async () => {
    expect(await (await app.request("/")).text()).toContain("<title>First</title>");
    swapTo(build("2", "Second"));
    expect(await (await app.request("/")).text()).toContain("<title>Second</title>");
  });

  it("answers while every thread of Node's pool is busy hashing", async () => {
    await app.request("/"); // the build is read once, before the pool fills up
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    // Each job keeps a pool thread busy for about a second (or more on a loaded machine).
    const busy = Array.from(
      { length: threads * 2 },
      () => new Promise((resolve) => pbkdf2("password", "salt", 1_000_000, 32, "sha256", resolve)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const res = await app.request("/", { headers: { "Accept-Encoding": "gzip" } });
    await res.arrayBuffer();
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Encoding")).toBe("gzip");
    // Reading from disk (or gzipping a stream) would have waited for a free thread: a second or more.
    expect(elapsed).toBeLessThan(300);
    await Promise.all(busy);
  }, 30_000);
});
