import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { createTestApp, type TestApp } from "../helpers/harness.ts";
import type { Served } from "../helpers/serve.ts";
import { buildSiteOrThrow } from "../site/build-site.ts";
import { now } from "../site/demo-site.ts";
import { launchBrowser, recordRequests, textOf, waitForText } from "./browser.ts";
import { serveSiteWithApi, serveStaticSite } from "./serve-site.ts";

/**
 * The home page's live script in Chromium. The page is served with the API from one origin (as
 * `npm start` does) and built with SITE_LIVE_API_URL set to that origin; then the API goes away
 * and the same build is served by a static server alone.
 */

let t: TestApp;
let api: Served;
let apiRunning = false;
let outDir: string;
let doc: SiteDocument;
let browser: Browser;

const stopApi = async () => {
  if (!apiRunning) return;
  apiRunning = false;
  await api.close();
};

beforeAll(async () => {
  const launched = launchBrowser();
  t = await createTestApp({ now });
  await seedDemo(t.deps);
  outDir = mkdtempSync(join(tmpdir(), "vigie-e2e-"));
  api = await serveSiteWithApi(t.deps, outDir);
  apiRunning = true;
  doc = (await (await fetch(`${api.url}/api/site.json`)).json()) as SiteDocument;
  await buildSiteOrThrow({ apiUrl: api.url, liveApiUrl: api.url, outDir });
  browser = await launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopApi();
  t?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const componentId = (name: string) => {
  const found = doc.components.find((c) => c.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found.id;
};

const incidentName = "Website unreachable from Europe";
const summaryPath = "/api/v2/summary.json";

// In order: the second test stops the API the first one uses.
describe("live refresh in the browser", () => {
  it("shows an incident posted through the admin API at the page's next refresh, 8 s later", async () => {
    // A visitor in New York reads the page's times on their own clock.
    const context = await browser.newContext({ timezoneId: "America/New_York" });
    const requests = recordRequests(context);
    // What each refresh sent and how many body bytes came back over the network.
    const polls: Promise<{ ifNoneMatch: string | null; etag: string | null; bodyBytes: number }>[] = [];
    context.on("requestfinished", (request) => {
      if (!request.url().endsWith(summaryPath)) return;
      polls.push(
        (async () => {
          const response = await request.response();
          return {
            ifNoneMatch: (await request.allHeaders())["if-none-match"] ?? null,
            etag: (await response?.headerValue("etag")) ?? null,
            bodyBytes: (await request.sizes()).responseBodySize,
          };
        })(),
      );
    });
    const page = await context.newPage();
    // The browser's clock stands still at 1:05:55 PM in Paris (the page's zone) until moved.
    await page.clock.install({ time: new Date("2026-11-27T12:05:50Z") });
    await page.clock.pauseAt(new Date("2026-11-27T12:05:55Z"));
    expect((await page.goto(`${api.url}/`))?.status()).toBe(200);
    const live = page.locator("#live-status");
    // The script refreshes once on load.
    await waitForText(live, "Updated 7:05 AM EST");
    const website = page.locator(`[data-component-id="${componentId("Website")}"]`);
    const platform = page.locator(`details[data-component-id="${componentId("Platform")}"]`);
    expect(await website.getAttribute("data-status")).toBe("operational");
    expect(await textOf(page.locator("#status-description"))).toBe(doc.status.description);

    const response = await fetch(`${api.url}/api/admin/incidents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.tokens.editor}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        name: incidentName,
        status: "investigating",
        body: "The website does not load for visitors in Europe. We are investigating.",
        components: { [componentId("Website")]: "major_outage" },
        deliver_notifications: false,
      }),
    });
    expect(response.status).toBe(201);
    const incident = (await response.json()) as { id: string };
    const summary = (await (await fetch(`${api.url}${summaryPath}`)).json()) as {
      status: { indicator: string; description: string };
    };
    expect(summary.status.description).not.toBe(doc.status.description);

    // 7 s later the page has not asked again (half a second of real time for a request that must
    // not come): it still shows what it had.
    await page.clock.runFor("00:07");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requests.filter((url) => url.endsWith(summaryPath))).toHaveLength(1);
    expect(await page.getByText(incidentName).count()).toBe(0);

    // The 8 s refresh.
    await page.clock.fastForward("00:02");
    const card = page.locator(`#active-incidents article[data-incident-id="${incident.id}"]`);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.isVisible()).toBe(true);
    expect(await textOf(card.locator("h3"))).toBe(incidentName);
    expect(await card.locator("h3 a").getAttribute("href")).toBe(`/incidents/${incident.id}/`);
    expect(await textOf(card.locator(".update > strong"))).toBe("Investigating");
    expect(await textOf(card.locator(".update > .md > p"))).toBe(
      "The website does not load for visitors in Europe. We are investigating.",
    );
    // Posted at the API's 12:00 UTC, read at the browser's 12:06.
    expect(await textOf(card.locator(".update > time"))).toBe("Nov 27, 2026, 7:00 AM EST (6 minutes ago)");
    expect(await textOf(card.locator("p.aff"))).toBe("Affected: Platform - Website");
    // The incident the page was built with stays listed.
    expect(await page.locator("#active-incidents article h3").allTextContents()).toEqual([
      incidentName,
      "Elevated error rates on checkout",
    ]);

    expect(await website.getAttribute("data-status")).toBe("major_outage");
    expect(await textOf(website.locator(".st"))).toBe("Major outage");
    expect(await platform.getAttribute("data-status")).toBe("major_outage");
    expect(await textOf(platform.locator("summary .st"))).toBe("Major outage");
    await platform.locator("summary").click();
    expect(await website.isVisible()).toBe(true);

    expect(await page.locator("#status").getAttribute("data-indicator")).toBe(summary.status.indicator);
    expect(await textOf(page.locator("#status-description"))).toBe(summary.status.description);
    await waitForText(live, "Updated 7:06 AM EST");
    expect(requests.filter((url) => url.endsWith(summaryPath))).toEqual([
      `${api.url}${summaryPath}`,
      `${api.url}${summaryPath}`,
    ]);
    // Nothing changed since: the next refresh is a 304, and the page says it is up to date.
    await page.clock.fastForward("00:08");
    await expect.poll(() => polls.length, { timeout: 10_000 }).toBe(3);
    const [, changed, unchanged] = await Promise.all(polls);
    expect(changed!.bodyBytes).toBeGreaterThan(1000);
    expect(unchanged).toEqual({ ifNoneMatch: changed!.etag, etag: changed!.etag, bodyBytes: 0 });
    await waitForText(live, "Updated 7:06 AM EST");
    await context.close();
  });

  it("with the API stopped, loads the page as built and says live updates are unavailable", async () => {
    const site = await serveStaticSite(outDir, api.url);
    try {
      await stopApi();
      expect(site.url).not.toBe(api.url);
      await expect(fetch(`${api.url}${summaryPath}`)).rejects.toThrow();

      const context = await browser.newContext({ timezoneId: "Europe/Paris" });
      const failed: string[] = [];
      context.on("requestfailed", (request) => failed.push(request.url()));
      const page = await context.newPage();
      expect((await page.goto(`${site.url}/`))?.status()).toBe(200);
      // Built at 12:00 UTC: 1:00 PM in Paris.
      await waitForText(
        page.locator("#live-status"),
        "Live updates unavailable — last published 1:00 PM GMT+1",
      );
      expect(failed).toEqual([`${api.url}${summaryPath}`]);

      // The content as built, before the incident above.
      expect(await textOf(page.locator("#status-description"))).toBe(doc.status.description);
      expect(await page.locator("#status").getAttribute("data-indicator")).toBe(doc.status.indicator);
      const checkout = page.locator(`[data-component-id="${componentId("Checkout")}"]`);
      expect(await checkout.isVisible()).toBe(true);
      expect(await textOf(checkout.locator(".st"))).toBe("Partial outage");
      const cards = page.locator("#active-incidents article h3");
      expect(await cards.allTextContents()).toEqual(["Elevated error rates on checkout"]);
      expect(await page.getByText(incidentName).count()).toBe(0);
      expect(await textOf(page.locator("#maintenance-next h3"))).toBe("Database upgrade");
      await context.close();
    } finally {
      await site.close();
    }
  });
});
