import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import type { Served } from "../helpers/serve.ts";
import { type BuiltDemoSite, buildDemoSite } from "../site/demo-site.ts";
import { launchBrowser, recordRequests, textOf } from "./browser.ts";
import { serveStaticSite } from "./serve-site.ts";

/**
 * The demo page in Chromium with JavaScript off, served by a static server alone: everything a
 * visitor needs is in the HTML, and nothing is fetched from another origin.
 */

let site: BuiltDemoSite;
let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];

beforeAll(async () => {
  [site, browser] = await Promise.all([buildDemoSite(), launchBrowser()]);
  served = await serveStaticSite(site.outDir);
  context = await browser.newContext({ javaScriptEnabled: false });
  requests = recordRequests(context);
  page = await context.newPage();
  const response = await page.goto(`${served.url}/`, { waitUntil: "load" });
  expect(response?.status()).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await site?.close();
});

const component = (name: string): SiteDocument["components"][number] => {
  const found = site.doc.components.find((c) => c.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
};
const row = (name: string) => page.locator(`[data-component-id="${component(name).id}"]`);
/** Opens every closed group, as a visitor clicking each one would. */
const openGroups = () =>
  page.locator("details:not([open])").evaluateAll((all) => {
    for (const details of all) details.setAttribute("open", "");
  });

describe("home page without JavaScript", () => {
  it("does not run the live script", async () => {
    // Built at 12:00 UTC, shown on the page's Paris clock; the script would replace this text.
    expect(await textOf(page.locator("#live-status"))).toBe("Published 1:00 PM GMT+1");
  });

  it("shows the status banner", async () => {
    const banner = page.locator("#status");
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.getAttribute("data-indicator")).toBe(site.doc.status.indicator);
    expect(await textOf(page.locator("#status-description"))).toBe(site.doc.status.description);
    expect(site.doc.status.description).not.toBe("All Systems Operational");
    // The banner is coloured by the indicator from the inline CSS, not left unstyled.
    const background = await banner.evaluate(
      (el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor,
    );
    expect(background).not.toMatch(/^rgba\(0, 0, 0, 0\)$/);
  });

  it("shows the groups, open when degraded, and opens a closed one on click", async () => {
    const groups = site.doc.components.filter((c) => c.group);
    expect(groups.map((g) => g.name)).toEqual(["Platform", "Payments", "Notifications"]);
    for (const g of groups) {
      const summary = page.locator(`details[data-component-id="${g.id}"] > summary`);
      expect(await summary.isVisible(), g.name).toBe(true);
      expect(await textOf(summary.locator(".name"))).toBe(g.name);
    }
    // Payments holds the degraded Checkout: open, its components visible at once.
    expect(await row("Checkout").isVisible()).toBe(true);
    expect(await row("Billing").isVisible()).toBe(true);
    // Platform is operational: closed, and <details> opens it without any script.
    expect(await row("Website").isVisible()).toBe(false);
    await page.locator(`details[data-component-id="${component("Platform").id}"] > summary`).click();
    expect(await row("Website").isVisible()).toBe(true);
  });

  it("shows each visible component with its current status, and hides the degraded-only one", async () => {
    await openGroups();
    const leaves = site.doc.components.filter((c) => !c.group);
    for (const c of leaves.filter((c) => c.name !== "Legacy FTP import")) {
      const el = row(c.name);
      expect(await el.isVisible(), c.name).toBe(true);
      expect(await el.getAttribute("data-status"), c.name).toBe(c.status);
    }
    expect(await textOf(row("Checkout").locator(".st"))).toBe("Partial outage");
    expect(await textOf(row("Website").locator(".st"))).toBe("Operational");
    expect(await textOf(row("Documentation").locator(".st"))).toBe("Operational");
    expect(await row("Legacy FTP import").isVisible()).toBe(false);
  });

  it("shows the active incident with its latest update", async () => {
    const active = page.locator("#active-incidents");
    expect(await active.isVisible()).toBe(true);
    const card = active.locator("article.card");
    expect(await card.count()).toBe(1);
    expect(await textOf(card.locator("h3"))).toBe("Elevated error rates on checkout");
    expect(await textOf(card.locator(".update strong"))).toBe("Identified");
    expect(await textOf(card.locator(".update .md"))).toContain("routing payments to another region");
  });

  it("shows the upcoming maintenance", async () => {
    const next = page.locator("#maintenance-next");
    expect(await next.isVisible()).toBe(true);
    expect(await textOf(next.locator("h3"))).toBe("Database upgrade");
    expect(await page.locator("#maintenance-now").count()).toBe(0);
  });

  it("draws the uptime bars with a coloured day per day, the uptime figure, and readable details", async () => {
    await openGroups();
    const showcased = site.doc.components.filter((c) => !c.group && c.showcase && !c.only_show_if_degraded);
    expect(showcased.length).toBeGreaterThan(5);
    for (const c of showcased) {
      const bar = row(c.name).locator(".bar");
      const box = await bar.boundingBox();
      expect(box?.width, c.name).toBeGreaterThan(200);
      expect(await textOf(row(c.name).locator(".percent")), c.name).toMatch(/^\d+(\.\d+)?% uptime$/);
    }
    expect(await row("Documentation").locator(".bar").count()).toBe(0);
    // The day of the e-mail outage: red, its detail shown on hover, no script needed.
    const email = row("Email delivery");
    const day = email.locator('.bar > li[data-status="major_outage"]');
    expect(await day.count()).toBe(1);
    const colour = await day.evaluate(
      (el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundImage,
    );
    expect(colour).toContain("rgb(207, 34, 46)");
    const tip = day.locator(".tip");
    expect((await tip.boundingBox())?.width).toBeLessThanOrEqual(1);
    await day.hover();
    expect((await tip.boundingBox())?.width).toBeGreaterThan(100);
    expect(await textOf(tip)).toMatch(/: Major outage \(50 min\)\. Emails not sent$/);
  });

  it("shows the past 15 days, the header's subscribe button, and times on the page's clock", async () => {
    expect(await page.locator("#past .day").count()).toBe(15);
    const webhooks = site.doc.incidents.find((i) => i.name === "Delayed webhook deliveries");
    expect(await textOf(page.locator(`#past li[data-incident-id="${webhooks?.id}"] .muted`))).toBe(
      "Minor impact · Resolved after 1 h 15 min · Affected: Notifications - Webhooks",
    );
    expect(await textOf(page.locator('#past .day[data-date="2026-11-26"] p'))).toBe("No incidents reported");
    expect(await page.locator("header a.button.subscribe").isVisible()).toBe(true);
    // As built: the page's zone (Paris) with its abbreviation, and no "minutes ago" (the script adds it).
    const time = page.locator("#active-incidents .update > time");
    expect(await textOf(time)).toBe("Nov 27, 2026, 12:50 PM GMT+1");
  });

  it("asks for nothing but the page from its own origin", () => {
    const origin = new URL(served.url).origin;
    expect(requests[0]).toBe(`${served.url}/`);
    expect(requests.filter((url) => new URL(url).origin !== origin && !url.startsWith("data:"))).toEqual([]);
  });
});
