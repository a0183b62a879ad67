import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { updateSettings } from "../../api/domain/settings/update-settings.ts";
import { createServerApp } from "../../api/http/server-app.ts";
import { buildSite } from "../../api/publish/build-site.ts";
import { type Publisher, startPublisher } from "../../api/publish/publisher.ts";
import { SiteFolder } from "../../api/publish/site-folder.ts";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";
import { testPublicUrl } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";
import { serveStatic } from "../site/serve-json.ts";
import { launchBrowser, recordRequests } from "./browser.ts";

/**
 * The attack of a hostile logo, end to end: an owner (or whoever controls the logo's host) sets an
 * SVG logo that runs a script; the real publisher builds the page with it, and the page is served
 * from the console's origin, as `npm start` does without ADMIN_URL. Opened in Chromium, /logo.svg
 * must run nothing: the build cleans the SVG, and the server sends it sandboxed should a script
 * ever slip through. Every attack in the fixture calls a /pwned-* path when it runs.
 */

const hostile = readFileSync(
  new URL("../fixtures/svg/DERIVED-logo-with-script.svg", import.meta.url),
  "utf8",
);
const bound = { timeout: 60_000, interval: 250 };

let dir: string;
let handle: DbHandle;
let deps: Deps;
let served: Served;
let logoHost: Served;
let folder: SiteFolder;
let publisher: Publisher | undefined;
let browser: Browser;

beforeAll(async () => {
  const launched = launchBrowser();
  dir = mkdtempSync(join(tmpdir(), "vigie-e2e-logo-"));
  handle = createDb({ url: `file:${join(dir, "vigie.db")}` });
  await migrateDb(handle);
  deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  await seedDemo(deps);
  logoHost = await serveStatic({ "/logo.svg": { type: "image/svg+xml", body: hostile } });
  // The logo's host is on loopback here: allowed as on an on-premises install.
  await updateSettings({
    ctx: { deps, actor: systemActor("test") },
    input: {
      logo_url: `${logoHost.url}/logo.svg`,
      allow_private_targets: true,
    },
  });
  folder = new SiteFolder(join(dir, "site"));
  served = await serveApp(
    createServerApp({ deps, publicUrl: testPublicUrl, siteRoot: () => folder.servedRoot() }),
  );
  publisher = startPublisher({
    deps,
    folder,
    apiUrl: served.url,
    liveApiUrl: "",
    debounceMs: 100,
    pollMs: 100,
    build: buildSite,
  });
  browser = await launched;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await publisher?.stop();
  await Promise.all([served?.close(), logoHost?.close()]);
  handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens `path` on the served origin in a fresh context; returns every URL it asked for. */
async function open(path: string): Promise<{ status: number | undefined; requests: string[] }> {
  const context = await browser.newContext();
  const requests = recordRequests(context);
  const page = await context.newPage();
  const response = await page.goto(`${served.url}${path}`);
  await page.mouse.move(100, 100);
  await page.mouse.click(100, 100);
  await page.waitForTimeout(500);
  await context.close();
  return { status: response?.status(), requests };
}

describe("a logo SVG with a script", () => {
  it("is published cleaned, and opened on the console's origin it runs nothing", async () => {
    await expect.poll(async () => (await fetch(`${served.url}/logo.svg`)).status, bound).toBe(200);
    const served_ = await (await fetch(`${served.url}/logo.svg`)).text();
    expect(served_).toContain("<path");
    expect(served_).not.toMatch(/script|onload|javascript:|<set/i);
    const home = await fetch(`${served.url}/`);
    expect(await home.text()).toContain('src="/logo.svg"');
    const { status, requests } = await open("/logo.svg");
    expect(status).toBe(200);
    expect(requests.filter((url) => url.includes("/pwned"))).toEqual([]);
  }, 90_000);

  it("even uncleaned, is served sandboxed: its script cannot run", async () => {
    const live = await folder.currentBuild();
    expect(live).not.toBeNull();
    // As if a script had slipped past the cleaning.
    writeFileSync(join(live!, "logo.svg"), hostile);
    const { status, requests } = await open("/logo.svg");
    expect(status).toBe(200);
    expect(requests.filter((url) => url.includes("/pwned"))).toEqual([]);
  }, 30_000);
});
