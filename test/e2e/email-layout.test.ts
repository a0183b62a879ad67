import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locales } from "../../api/domain/types.ts";
import {
  createTemplateRenderer,
  sampleInput,
  type TemplateRenderer,
  templateKeys,
} from "../../api/templates/index.ts";
import { templatesDir } from "../api/templates/helpers.ts";
import { launchBrowser } from "./browser.ts";
import { axeViolations, overflow, screenshot } from "./phone-checks.ts";

/**
 * Every email in every language, opened in Chromium as a phone (375 px) and a desktop window
 * (1,000 px) would show it: nothing wider than the screen, every word inside it, and axe clean.
 */

let renderer: TemplateRenderer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  renderer = createTemplateRenderer({ templatesDir });
  [browser] = await Promise.all([launchBrowser(), renderer.parseAll()]);
  context = await browser.newContext({ javaScriptEnabled: true });
}, 60_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const emails = templateKeys.flatMap((key) => locales.map((locale) => ({ key, locale })));

describe("emails on a phone and on a desktop", () => {
  it.each(emails)(
    "$key in $locale fits 375 px and 1,000 px",
    async ({ key, locale }) => {
      const { html } = renderer.render(key, locale, sampleInput(key, locale));
      const page = await context.newPage();
      try {
        const found: string[] = [];
        for (const width of [375, 1000]) {
          await page.setViewportSize({ width, height: 800 });
          await page.setContent(html, { waitUntil: "load" });
          found.push(...(await overflow(page)).map((p) => `${width} px: ${p}`));
          if (width === 375) {
            await screenshot(page, `email-${key}-${locale}`);
            found.push(...(await axeViolations(page, { email: true })));
          }
        }
        expect(found).toEqual([]);
        // The card is fluid: as wide as the phone (less its margins), 600 px on a desktop.
        await page.setViewportSize({ width: 375, height: 800 });
        const card = page.locator("table table").first();
        expect((await card.boundingBox())?.width).toBeLessThanOrEqual(375 - 16);
        await page.setViewportSize({ width: 1000, height: 800 });
        expect((await card.boundingBox())?.width).toBe(600);
      } finally {
        await page.close();
      }
    },
    30_000,
  );
});
