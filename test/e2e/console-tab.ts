import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations } from "./phone-checks.ts";

export interface ConsoleTabOptions {
  /** Every Content Security Policy error the browser reports on the tab is pushed here. */
  cspErrors: string[];
  /** A session token to sign in with (the cookie is set for `url`). */
  session?: { token: string; url: string };
  width?: number;
  height?: number;
  javaScriptEnabled?: boolean;
}

/** A console tab in Chromium, phone-sized (375 × 740) unless told otherwise. */
export async function openConsoleTab(
  browser: Browser,
  { cspErrors, session, width = 375, height = 740, javaScriptEnabled = true }: ConsoleTabOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled });
  if (session) await context.addCookies([{ name: "vigie_session", value: session.token, url: session.url }]);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  return { context, page };
}

/** The console's navigation scrolls sideways on a phone by design; the page itself must not. */
export const horizontalOverflow = (page: Page) =>
  page.locator("html").evaluate((html) => html.scrollWidth - html.clientWidth);

/** Nothing scrolls the page sideways and axe finds nothing. */
export async function expectClean(page: Page, what: string) {
  expect(await horizontalOverflow(page), what).toBeLessThanOrEqual(0);
  expect(await axeViolations(page), what).toEqual([]);
}
