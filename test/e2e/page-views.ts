import type { Browser, Page } from "playwright-core";
import { axeViolations, overflow, screenshot } from "./phone-checks.ts";

/** The widths, themes and languages every page of the status site is checked in. */
export const widths = [1280, 375] as const;
export const schemes = ["light", "dark"] as const;

export interface ViewOptions {
  browser: Browser;
  /** Absolute URL of the page. */
  url: string;
  width: number;
  /** Screenshot name (left in test-output/, never committed). */
  name: string;
  /** Runs after load, before the checks, e.g. to open closed groups. */
  prepare?: (page: Page) => Promise<void>;
  /** The browser's preferred language (navigator.languages), e.g. "fr-FR". */
  browserLocale?: string;
}

/**
 * Opens the page at the width (with JavaScript, as most visitors) and returns, for each theme, what
 * axe and the overflow check find, with the page still open for the caller's own assertions.
 * Any dialog (an `alert` from injected text) is a failure too.
 */
export async function viewProblems({ browser, url, width, name, prepare, browserLocale }: ViewOptions) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    ...(browserLocale && { locale: browserLocale }),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const response = await page.goto(url);
  if (response?.status() !== 200) problems.push(`${url} answered ${response?.status()}`);
  await prepare?.(page);
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    problems.push(...(await axeViolations(page)).map((v) => `${colorScheme}: ${v}`));
    problems.push(...(await overflow(page)).map((v) => `${colorScheme}: ${v}`));
    await screenshot(page, `${name}-${width}-${colorScheme}`);
  }
  return { page, problems, close: () => context.close() };
}

/** Opens every closed group, as a visitor tapping each one would. */
export const openGroups = (page: Page) =>
  page.locator("details:not([open])").evaluateAll((all) => {
    for (const details of all) details.setAttribute("open", "");
  });
