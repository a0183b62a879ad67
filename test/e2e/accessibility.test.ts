import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markdownIncident } from "../site/demo-site.ts";
import { textOf, waitForText } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { axeViolations } from "./phone-checks.ts";

/**
 * axe-core finds no violation on the built pages, in light and dark themes, in English and French,
 * with the live script running against the API; the uptime bars' day details work from the keyboard.
 */

const demo = demoSiteInBrowser({ extras: true, servedBy: "vigie" });

const incidentId = (name: string) => {
  const found = demo.site.doc.incidents.find((i) => i.name === name);
  if (!found) throw new Error(`no incident ${name}`);
  return found.id;
};

/**
 * Opens the page and, on home pages, waits for the live script to have applied the API's summary.
 * With `openGroups`, closed component groups are opened, so that their rows and bars are checked too.
 */
async function open(context: BrowserContext, path: string, { openGroups = true } = {}): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${demo.url}${path}`);
  expect(response?.status(), path).toBe(200);
  if (path === "/" || path === "/fr/")
    await waitForText(page.locator("#live-status"), path === "/" ? /^Updated \d/ : /^Mis à jour à \d/);
  if (openGroups)
    await page.locator("details:not([open])").evaluateAll((all) => {
      for (const details of all) details.setAttribute("open", "");
    });
  return page;
}

/** The pages checked, with paths read from the built data once it exists. */
const pages: { name: string; path: () => string }[] = [
  { name: "home", path: () => "/" },
  { name: "active incident", path: () => `/incidents/${incidentId("Elevated error rates on checkout")}/` },
  { name: "incident with postmortem", path: () => `/incidents/${incidentId(markdownIncident.name)}/` },
  { name: "maintenance", path: () => `/maintenances/${demo.site.doc.scheduled_maintenances[0]?.id}/` },
  { name: "history", path: () => "/history/" },
  { name: "subscribe", path: () => "/subscribe/" },
  { name: "French home", path: () => "/fr/" },
];

describe("axe, in light and dark themes", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await demo.browser.newContext();
  });
  afterAll(() => context?.close());

  it.each(pages)(
    "finds no violation on the $name page",
    async ({ path }) => {
      const page = await open(context, path());
      try {
        const found: string[] = [];
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme });
          // The theme really applies: the page's own background, from global.css.
          const background = await page
            .locator("body")
            .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
          expect(background).toBe(colorScheme === "dark" ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)");
          found.push(...(await axeViolations(page)).map((v) => `${colorScheme}: ${v}`));
        }
        expect(found).toEqual([]);
      } finally {
        await page.close();
      }
    },
    45_000,
  );
});

describe("uptime bar from the keyboard", () => {
  it("shows a day's details on focus, and keeps them while its incident link has focus", async () => {
    const context = await demo.browser.newContext({ viewport: { width: 800, height: 900 } });
    try {
      const page = await open(context, "/", { openGroups: false });
      const checkout = demo.site.doc.components.find((c) => c.name === "Checkout");
      // Today on Checkout: partial outage, during the open incident.
      const day = page.locator(`[data-component-id="${checkout?.id}"] .bar > li`).last();
      expect(await day.getAttribute("data-status")).toBe("partial_outage");
      const tip = day.locator(".tip");
      expect((await tip.boundingBox())?.width).toBeLessThanOrEqual(1);

      let tabs = 0;
      while (!(await day.evaluate((el) => el === el.ownerDocument.activeElement))) {
        expect(++tabs, "Tab presses to reach the day").toBeLessThan(60);
        await page.keyboard.press("Tab");
      }
      const text = await textOf(tip);
      expect(text).toMatch(/: Partial outage \(\d+ min\)\. Elevated error rates on checkout$/);
      const box = await tip.boundingBox();
      // Readable: wide enough for its text, and wholly inside the window.
      expect(box?.width).toBeGreaterThan(250);
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(800);
      // With its detail open, the page passes in both themes.
      expect(await axeViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: "dark" });
      expect(await axeViolations(page)).toEqual([]);

      await page.keyboard.press("Tab");
      const link = tip.locator("a");
      expect(await link.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      expect((await tip.boundingBox())?.width).toBeGreaterThan(250);
      expect(await link.getAttribute("href")).toBe(
        `/incidents/${incidentId("Elevated error rates on checkout")}/`,
      );
    } finally {
      await context.close();
    }
  }, 45_000);
});
