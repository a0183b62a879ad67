import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { recordPollResult } from "../../api/domain/dependencies/record-poll-result.ts";
import { publishTo } from "../../api/publish/publish-targets.ts";
import type { DependencyState } from "../../db/schema/enums.ts";
import { dependencies } from "../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../helpers/harness.ts";
import type { Served } from "../helpers/serve.ts";
import { buildSiteOrThrow } from "../site/build-site.ts";
import { now } from "../site/demo-site.ts";
import { launchBrowser, textOf, waitForText } from "./browser.ts";
import { treeOf } from "./dom-tree.ts";
import { axeViolations, overflow, screenshot } from "./phone-checks.ts";
import { serveSiteWithApi, serveStaticSite } from "./serve-site.ts";

/**
 * Cards for incidents that were not on the page when it was built: a page is open, an outage at a
 * provider shown on the page drafts an incident and an incident is posted in English only, both
 * with Markdown (and hostile text) in their update; at its next poll the open page builds their
 * cards, and they are the cards a fresh build renders (trees and pixels), provider line, rendered
 * Markdown and "(en anglais)" included. On the page Vigie serves and on a copy published to a
 * directory target and served from another origin, at 1,280 and 375 px, in English and French,
 * light and dark. Then a French name is given to the English-only incident while French pages
 * show it: at their next poll the note is gone, as in a build made then.
 */

const hostileProvider = '<img src=x onerror="window.__pwned=1"> {{ 7*7 }} $& Cloud';
const englishOnly = {
  name: "Search is slow <b>{{ page.name }}</b>",
  body:
    "**Search** answers in 10 s, see [our notes](https://status.example.com/notes).\n\n" +
    'We are adding capacity. <script>window.__pwned=2</script> <img src=x onerror="window.__pwned=3"> ' +
    "[retry](javascript:window.__pwned=4) {{ 7*7 }}",
};
const frenchName = "La recherche est lente <i>{{ x }}</i>";
/** 12:11:40 UTC, as the story test: the page's clock is still until moved. */
const visitAt = new Date("2026-11-27T12:11:40Z");
const cardsPath = "/api/cards.json";

let t: TestApp;
let browser: Browser;
let vigie: Served;
let copy: Served;
let fresh: Served;
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "vigie-live-card-"));
  folders.push(dir);
  return dir;
};
let dependencyId: string;
let draftedId: string;
let postedId: string;

const observe = (state: DependencyState) =>
  recordPollResult(t.deps, systemActor("monitor"), dependencyId, {
    kind: "observed",
    observation: { state, upstreamIncidents: [{ id: "up1", title: "Elevated errors", state }] },
    validators: {},
  });

/** What the API answered, in order: the summary and the cards document. */
const answered: { path: string; status: number }[] = [];
const dialogs: string[] = [];

interface Open {
  origin: "vigie" | "copy" | "fresh";
  width: number;
  locale: "en" | "fr";
  context: BrowserContext;
  page: Page;
  /** Every request to the cards document. */
  cards: string[];
}
const opened: Open[] = [];

const prefix = (locale: "en" | "fr") => (locale === "fr" ? "/fr" : "");
const unavailable = /unavailable|indisponibles/;
const updated = (locale: "en" | "fr") => (locale === "fr" ? /^Mis à jour à 0?7:1/ : /^Updated 7:1/);

/**
 * A home page on a still clock in New York, its first poll done. `asBuilt`: its cards stay the
 * build's (the cards document fails, so no poll changes a card; the times are still rewritten).
 */
async function openHome(
  origin: Open["origin"],
  width: number,
  locale: "en" | "fr",
  asBuilt = false,
): Promise<Open> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: "light",
    timezoneId: "America/New_York",
  });
  if (asBuilt) await context.route(`**${cardsPath}*`, (route) => route.fulfill({ status: 503 }));
  const cards: string[] = [];
  context.on("request", (r) => {
    if (r.url().includes(cardsPath)) cards.push(r.url());
  });
  const page = await context.newPage();
  // Any dialog (an `alert` from injected text) is a failure.
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.clock.install({ time: new Date(visitAt.getTime() - 5_000) });
  await page.clock.pauseAt(visitAt);
  const base = origin === "copy" ? copy.url : origin === "vigie" ? vigie.url : fresh.url;
  expect((await page.goto(`${base}${prefix(locale)}/`))?.status()).toBe(200);
  // Its first poll done (in a plain wait: this runs before the tests too).
  await page
    .locator("#live-status")
    .filter({ hasText: asBuilt ? unavailable : updated(locale) })
    .waitFor({ timeout: 10_000 });
  return { origin, width, locale, context, page, cards };
}

beforeAll(async () => {
  const launched = launchBrowser();
  t = await createTestApp({ now });
  await seedDemo(t.deps);
  const list = await t.json("GET", "/api/admin/components");
  const website = list.body.components.find((c: { name: string }) => c.name === "Website");
  const dep = await t.json("POST", "/api/admin/dependencies", {
    body: {
      name: hostileProvider,
      enabled: false,
      confirmations: 1,
      policy: "publish",
      shown_on_page: true,
      source: { kind: "statuspage", base_url: "https://status.example.com" },
      impacts: [{ component_id: website.id, on: "major_outage", set: "partial_outage" }],
    },
  });
  if (dep.status !== 201) throw new Error(`dependency: ${JSON.stringify(dep.body)}`);
  dependencyId = dep.body.id;
  await observe("operational");

  // The page Vigie serves (its live script calls its own origin), and a copy built for another
  // host, published to a directory target as the publisher does, whose script calls the API.
  const served = folder();
  vigie = await serveSiteWithApi(t.deps, served, (request, res) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/api/v2/summary.json" || pathname === cardsPath)
      answered.push({ path: pathname, status: res.status });
  });
  await buildSiteOrThrow({ apiUrl: vigie.url, outDir: served });
  const build = folder();
  await buildSiteOrThrow({ apiUrl: vigie.url, liveApiUrl: vigie.url, outDir: build });
  const target = join(folder(), "www");
  const published = await publishTo(build, target, { envTargets: [target], attempts: 1 });
  if (!published.ok) throw new Error(`publish: ${published.error}`);
  copy = await serveStaticSite(target, vigie.url);
  browser = await launched;

  for (const origin of ["vigie", "copy"] as const)
    for (const width of [1280, 375])
      for (const locale of ["en", "fr"] as const) opened.push(await openHome(origin, width, locale));

  // While the pages are open: the provider goes down (the monitor drafts and publishes an
  // incident), the provider's stored name holds a control character the page drops, and an
  // incident is posted in English only.
  await observe("major_outage");
  await t.deps.write((tx) =>
    tx
      .update(dependencies)
      .set({ name: `${hostileProvider}\u0007` })
      .where(eq(dependencies.id, dependencyId)),
  );
  const posted = await t.json("POST", "/api/admin/incidents", {
    body: {
      ...englishOnly,
      status: "identified",
      components: {
        [list.body.components.find((c: { name: string }) => c.name === "API").id]: "degraded_performance",
      },
      deliver_notifications: false,
    },
  });
  if (posted.status !== 201) throw new Error(`incident: ${JSON.stringify(posted.body)}`);
  postedId = posted.body.id;
  // Stored by another tool, as the API refuses control characters in bodies: the page drops it.
  await t.handle.client.execute({
    sql: "UPDATE incident_updates SET body = body || char(7) || ' bell' WHERE incident_id = ?",
    args: [postedId],
  });
  const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
  draftedId = summary.body.incidents.find((i: { id: string; components: { id: string }[] }) =>
    i.components.some((c) => c.id === website.id),
  )?.id;
  if (!draftedId) throw new Error("the outage opened no public incident");

  // A build made now renders both incidents' cards: what the live ones must equal.
  const rebuilt = folder();
  await buildSiteOrThrow({ apiUrl: vigie.url, outDir: rebuilt });
  fresh = await serveSiteWithApi(t.deps, rebuilt);
}, 240_000);

afterAll(async () => {
  for (const o of opened) await o.context.close();
  await browser?.close();
  await Promise.all([vigie?.close(), copy?.close(), fresh?.close()]);
  t?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const cardOf = (page: Page, id: string) =>
  page.locator(`#active-incidents article[data-incident-id="${id}"]`);

/** The card of an open page equals a built page's, as a tree and in pixels, light and dark. */
async function sameCard(page: Page, built: Page, id: string, what: string) {
  const [live, expected] = [cardOf(page, id), cardOf(built, id)];
  expect(await treeOf(live), what).toBe(await treeOf(expected));
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await built.emulateMedia({ colorScheme });
    const shot = await live.screenshot();
    expect(shot.equals(await expected.screenshot()), `${what}, ${colorScheme}`).toBe(true);
  }
}

describe.each([
  { origin: "vigie", width: 1280, locale: "en" },
  { origin: "vigie", width: 1280, locale: "fr" },
  { origin: "vigie", width: 375, locale: "en" },
  { origin: "vigie", width: 375, locale: "fr" },
  { origin: "copy", width: 1280, locale: "en" },
  { origin: "copy", width: 1280, locale: "fr" },
  { origin: "copy", width: 375, locale: "en" },
  { origin: "copy", width: 375, locale: "fr" },
] as const)("the page $origin serves at $width px, $locale", ({ origin, width, locale }) => {
  it("builds the new incidents' cards as a fresh build renders them, asking for the cards document once per change", async () => {
    const live = opened.find((o) => o.origin === origin && o.width === width && o.locale === locale)!;
    const { page } = live;
    const cardsUrl = `${vigie.url}${cardsPath}${locale === "fr" ? "?locale=fr" : ""}`;
    try {
      // Its first poll saw a summary new to it, listing incidents: it asked for their cards once.
      expect(live.cards).toEqual([cardsUrl]);
      // The next poll.
      await page.clock.runFor(8_000);
      for (const id of [draftedId, postedId])
        await expect.poll(() => cardOf(page, id).count(), { timeout: 15_000 }).toBe(1);
      await waitForText(page.locator("#live-status"), updated(locale));
      // From the API whichever host serves the page, once for the changed summary.
      expect(live.cards).toEqual([cardsUrl, cardsUrl]);

      // What the card says that the summary does not.
      const provider = cardOf(page, draftedId).locator("h3 + p.provider");
      expect(await textOf(provider)).toBe(
        locale === "fr"
          ? `Causé par une panne chez notre fournisseur ${hostileProvider}`
          : `Caused by an outage at our provider ${hostileProvider}`,
      );
      const note = cardOf(page, postedId).locator("h3 .lang-note");
      if (locale === "fr") {
        expect(await textOf(note)).toBe("(en anglais)");
        expect(await cardOf(page, postedId).locator("h3 a").getAttribute("lang")).toBe("en");
      } else expect(await note.count()).toBe(0);
      expect(await cardOf(page, postedId).locator("h3 a").textContent()).toBe(englishOnly.name);
      expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(
        await page
          .locator(
            "#active-incidents img, #active-incidents script, #active-incidents b, #active-incidents i, #active-incidents [href^='javascript']",
          )
          .count(),
      ).toBe(0);
      // The Markdown rendered, its raw HTML and control character shown as the build shows them.
      const body = cardOf(page, postedId).locator(".md");
      expect(await textOf(body.locator("p > strong"))).toBe("Search");
      expect(await body.locator("a").getAttribute("href")).toBe("https://status.example.com/notes");
      expect(await textOf(body.locator("p").nth(1))).toBe(
        'We are adding capacity. <script>window.__pwned=2</script> <img src=x onerror="window.__pwned=3"> [retry](javascript:window.__pwned=4) {{ 7*7 }} bell',
      );

      // The same cards, built: a fresh page at the same moment, its cards as the build wrote them.
      const built = await openHome("fresh", width, locale, true);
      try {
        // Each page's times read the same clock (and say the same "minutes ago").
        await built.page.clock.runFor(8_000);
        await waitForText(built.page.locator("#live-status"), unavailable);
        // Both whole cards are the built ones, their Markdown rendered alike.
        await sameCard(page, built.page, postedId, "posted card");
        await sameCard(page, built.page, draftedId, "drafted card");
        expect(await cardOf(page, draftedId).locator(".md strong").count()).toBeGreaterThan(0);
        expect(await textOf(cardOf(page, draftedId).locator(".md"))).not.toContain("**");
      } finally {
        await built.context.close();
      }

      // Nothing changed since: the next poll is a 304 of the summary alone (the other pages' clocks
      // stand still, so this page is the only one asking).
      const before = answered.length;
      await page.clock.runFor(8_000);
      await expect.poll(() => answered.length, { timeout: 10_000 }).toBe(before + 1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(answered.slice(before)).toEqual([{ path: "/api/v2/summary.json", status: 304 }]);
      expect(live.cards).toHaveLength(2);

      // Axe waits on timers: the page's clock runs again.
      await page.clock.resume();
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await axeViolations(page), colorScheme).toEqual([]);
        expect(await overflow(page), colorScheme).toEqual([]);
        await screenshot(page, `live-new-card-${origin}-${locale}-${width}-${colorScheme}`);
      }
    } finally {
      // Its clock runs again: closed, so that its polls do not count in the next page's.
      opened.splice(opened.indexOf(live), 1);
      await live.context.close();
    }
  }, 90_000);
});

describe("a French name given to an English-only incident while French pages show it", () => {
  it("takes the note away at the next poll, as a build made then renders the card", async () => {
    // Built with the English-only incident: its card says "(en anglais)" without the script.
    const pages = [await openHome("fresh", 1280, "fr"), await openHome("fresh", 375, "fr")];
    const again: Open[] = [];
    try {
      for (const { page } of pages)
        expect(await textOf(cardOf(page, postedId).locator("h3 .lang-note"))).toBe("(en anglais)");
      for (const { cards } of pages) expect(cards).toHaveLength(1);
      const patched = await t.json("PATCH", `/api/admin/incidents/${postedId}`, {
        body: { name_translations: { fr: frenchName } },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      for (const { page } of pages) {
        await page.clock.runFor(8_000);
        await expect
          .poll(() => cardOf(page, postedId).locator("h3 .lang-note").count(), { timeout: 15_000 })
          .toBe(0);
        expect(await cardOf(page, postedId).locator("h3 a").textContent()).toBe(frenchName);
        expect(await cardOf(page, postedId).locator("h3 a").getAttribute("lang")).toBe(null);
      }
      // One cards document per page, for the one change.
      for (const { cards } of pages) expect(cards).toHaveLength(2);

      const rebuilt = folder();
      await buildSiteOrThrow({ apiUrl: vigie.url, outDir: rebuilt });
      const later = await serveSiteWithApi(t.deps, rebuilt);
      const first = fresh;
      fresh = later;
      try {
        for (const live of pages) {
          const built = await openHome("fresh", live.width, "fr", true);
          again.push(built);
          await built.page.clock.runFor(8_000);
          await waitForText(built.page.locator("#live-status"), unavailable);
          expect(await built.page.locator(`#active-incidents .lang-note`).count()).toBe(0);
          await sameCard(live.page, built.page, postedId, `card at ${live.width} px`);
          await sameCard(live.page, built.page, draftedId, `drafted card at ${live.width} px`);
          await live.page.clock.resume();
          for (const colorScheme of ["light", "dark"] as const) {
            await live.page.emulateMedia({ colorScheme });
            expect(await axeViolations(live.page), colorScheme).toEqual([]);
            expect(await overflow(live.page), colorScheme).toEqual([]);
          }
        }
      } finally {
        for (const o of again) await o.context.close();
        fresh = first;
        await later.close();
      }
    } finally {
      for (const o of pages) await o.context.close();
    }
  }, 180_000);
});
