import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { createTestApp, type TestApp } from "../helpers/harness.ts";
import type { Served } from "../helpers/serve.ts";
import { buildSiteOrThrow } from "../site/build-site.ts";
import { now } from "../site/demo-site.ts";
import { launchBrowser, textOf } from "./browser.ts";
import { serveSiteWithApi } from "./serve-site.ts";

/**
 * What an open page costs the server: Chromium polls the summary every 8 s through its HTTP cache,
 * so while nothing changes each poll is a 304 without a body, and a change shows at the next poll.
 * The server records every summary request it answers, as it answered it.
 */

interface Seen {
  status: number;
  ifNoneMatch: string | null;
  acceptEncoding: string | null;
  contentEncoding: string | null;
  etag: string | null;
}

const summaryPath = "/api/v2/summary.json";
let t: TestApp;
let api: Served;
let outDir: string;
let browser: Browser;
const seen: Seen[] = [];

beforeAll(async () => {
  const launched = launchBrowser();
  t = await createTestApp({ now });
  await seedDemo(t.deps);
  outDir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  api = await serveSiteWithApi(t.deps, outDir, (request, res) => {
    if (new URL(request.url).pathname === summaryPath)
      seen.push({
        status: res.status,
        ifNoneMatch: request.headers.get("If-None-Match"),
        acceptEncoding: request.headers.get("Accept-Encoding"),
        contentEncoding: res.headers.get("Content-Encoding"),
        etag: res.headers.get("ETag"),
      });
  });
  await buildSiteOrThrow({ apiUrl: api.url, liveApiUrl: api.url, outDir });
  browser = await launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  t?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const polls = (n: number) => expect.poll(() => seen.length, { timeout: 10_000 }).toBe(n);

describe("an open page polling the summary", () => {
  it("pays a 304 per poll while nothing changes, and shows a change at the next poll", async () => {
    seen.length = 0;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-11-27T12:05:00Z") });
    await page.clock.pauseAt(new Date("2026-11-27T12:05:05Z"));
    expect((await page.goto(`${api.url}/`))?.status()).toBe(200);
    await polls(1);
    const [first] = seen;
    // Chromium asks for brotli and gets the precompressed bytes.
    expect(first).toMatchObject({ status: 200, ifNoneMatch: null, contentEncoding: "br" });
    expect(first?.acceptEncoding).toMatch(/\bbr\b/);
    const description = await textOf(page.locator("#status-description"));

    await page.clock.runFor("00:10");
    await polls(2);
    expect(seen[1]).toMatchObject({ status: 304, ifNoneMatch: first?.etag, contentEncoding: null });
    // The page took the revalidated copy as an answer: it says it is up to date.
    await expect.poll(() => textOf(page.locator("#live-status")), { timeout: 5_000 }).toMatch(/^Updated /);
    expect(await textOf(page.locator("#status-description"))).toBe(description);

    const name = "Search is slow";
    const posted = await t.json("POST", "/api/admin/incidents", {
      token: t.tokens.editor,
      body: {
        name,
        status: "investigating",
        body: "Searches take several seconds.",
        deliver_notifications: false,
      },
    });
    expect(posted.status).toBe(201);
    await page.clock.runFor("00:10");
    await polls(3);
    expect(seen[2]).toMatchObject({ status: 200, ifNoneMatch: first?.etag, contentEncoding: "br" });
    expect(seen[2]?.etag).not.toBe(first?.etag);
    const card = page.locator(`#active-incidents article[data-incident-id="${posted.body.id}"]`);
    await expect.poll(() => card.count(), { timeout: 5_000 }).toBe(1);
    expect(await textOf(card.locator("h3"))).toBe(name);

    await page.clock.runFor("00:10");
    await polls(4);
    expect(seen[3]).toMatchObject({ status: 304, ifNoneMatch: seen[2]?.etag });
    expect(await card.count()).toBe(1);
    await context.close();
  });
});
