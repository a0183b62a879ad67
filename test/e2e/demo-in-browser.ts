import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { Served } from "../helpers/serve.ts";
import { type BuiltDemoSite, buildDemoSite } from "../site/demo-site.ts";
import { launchBrowser } from "./browser.ts";
import { type ViewOptions, viewProblems } from "./page-views.ts";
import { serveSiteWithApi, serveStaticSite } from "./serve-site.ts";

export interface DemoInBrowser {
  /** The built demo page: its API and the document it was built from. */
  readonly site: BuiltDemoSite;
  /** The origin the page is served from. */
  readonly url: string;
  readonly browser: Browser;
  /**
   * Opens `path` at `width` as `viewProblems` does (with JavaScript, in both themes), expects axe
   * and the overflow check to find nothing, runs `check` on the open page, and closes it.
   */
  view(
    options: Omit<ViewOptions, "browser" | "url"> & { path: string },
    check: (page: Page) => Promise<void>,
  ): Promise<void>;
}

export type DemoInBrowserOptions = Parameters<typeof buildDemoSite>[0] & {
  /**
   * `static` (the default): the build alone, as a static host serves it (its live script finds no
   * API); `vigie`: with the API on the same origin, as `npm start` serves it.
   */
  servedBy?: "static" | "vigie";
};

/**
 * The set-up of the status page's browser tests, registered as the calling file's `beforeAll` and
 * `afterAll`: the demo page built (with `options`), served, and Chromium.
 */
export function demoSiteInBrowser({
  servedBy = "static",
  ...options
}: DemoInBrowserOptions = {}): DemoInBrowser {
  let site: BuiltDemoSite | undefined;
  let served: Served | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [site, browser] = await Promise.all([buildDemoSite(options), launchBrowser()]);
    served =
      servedBy === "vigie"
        ? await serveSiteWithApi(site.t.deps, site.outDir)
        : await serveStaticSite(site.outDir);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await site?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the demo site is not set up yet (used outside a test?)");
    return value;
  };
  return {
    get site() {
      return ready(site);
    },
    get url() {
      return ready(served).url;
    },
    get browser() {
      return ready(browser);
    },
    async view({ path, ...options }, check) {
      const view = await viewProblems({
        ...options,
        browser: ready(browser),
        url: `${ready(served).url}${path}`,
      });
      try {
        expect(view.problems).toEqual([]);
        await check(view.page);
      } finally {
        await view.close();
      }
    },
  };
}
