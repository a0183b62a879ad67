import { type Browser, type BrowserContext, chromium, type Locator } from "playwright-core";
import { expect } from "vitest";

/**
 * Debian's Chromium, driven by playwright-core: the browser is never downloaded (CI installs the
 * `chromium` package in .ci/run). Flags keep it quiet (no calls home) and lean on a shared machine.
 */
export const chromiumPath = process.env.VIGIE_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Every URL the context asks for, in order (the page, its assets, scripts' fetches). */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return urls;
}

/** Text as a reader sees it: every run of white space (NBSP and U+202F in times included) as one space. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: 5_000 })) ?? "").replace(/\s+/g, " ").trim();
}

/** Waits (bounded) until the element's text matches. */
export async function waitForText(locator: Locator, expected: string | RegExp, timeout = 10_000) {
  const poll = expect.poll(() => textOf(locator), { timeout, interval: 100 });
  if (typeof expected === "string") await poll.toBe(expected);
  else await poll.toMatch(expected);
}
