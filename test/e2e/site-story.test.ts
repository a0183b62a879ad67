import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { now } from "../site/demo-site.ts";
import { textOf, waitForText } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { treeOf } from "./dom-tree.ts";
import { axeViolations, overflow, screenshot } from "./phone-checks.ts";

/**
 * What a visitor reads of the page's story in Chromium, at 1,280 and 375 px, in English and French,
 * light and dark: the header's subscribe button, the last 15 days, durations and affected
 * components, an incident's own feed, times on the visitor's clock, and live cards that look the
 * same as the built ones. The API serves the page, as `npm start` does, so the live script runs.
 */

const hostileName = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Outage';
const hour = 3_600_000;

const demo = demoSiteInBrowser({
  servedBy: "vigie",
  beforeBuild: async (t) => {
    const created = await t.json("POST", "/api/admin/incidents", {
      body: {
        name: hostileName,
        body: "Logins failed for some customers.",
        backfilled_at: new Date(now.getTime() - 30 * hour).toISOString(),
        resolved_at: new Date(now.getTime() - 28 * hour).toISOString(),
      },
    });
    if (created.status !== 201) throw new Error(`create incident: ${JSON.stringify(created.body)}`);
    // A control character stored before the API refused them (or by another tool).
    await t.handle.client.execute(
      `UPDATE incidents SET name = name || char(7) || ' bell' WHERE id = '${created.body.id}'`,
    );
  },
});

const incident = (name: string) => {
  const found = demo.site.doc.incidents.find((i) => i.name.startsWith(name));
  if (!found) throw new Error(`no incident ${name}`);
  return found;
};

/** 12:11:40 UTC: 21 min 40 s after the open incident's last update (12:50 in Paris), 7:11 AM in New York. */
const visitAt = new Date("2026-11-27T12:11:40Z");

/** A page on a still clock in New York, once the live script (on home pages) has applied the summary. */
async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.clock.install({ time: new Date(visitAt.getTime() - 5_000) });
  await page.clock.pauseAt(visitAt);
  expect((await page.goto(`${demo.url}${path}`))?.status(), path).toBe(200);
  if (path === "/" || path === "/fr/")
    await waitForText(page.locator("#live-status"), path === "/" ? /^Updated 7:11/ : /^Mis à jour à 0?7:11/);
  return page;
}

/** The colour a CSS colour expression computes to on this page (to compare with a computed border). */
const colourOf = (page: Page, expression: string) =>
  page.evaluate<string>(`(() => {
    const probe = document.createElement("span");
    probe.style.color = ${JSON.stringify(expression)};
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  })()`);

const borderOf = (locator: Locator) =>
  locator.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).borderLeftColor);

/** What the hostile name's markup would have set, had it run. */
const pwned = (page: Page) => page.evaluate<unknown>("window.__pwned");

/** Axe and what runs off the screen (axe waits on timers: the page's clock runs again). */
async function problems(page: Page): Promise<string[]> {
  await page.clock.resume();
  const found = await axeViolations(page);
  // The uptime bars' day details sit clipped to 1 px until a day has focus (their own tests place
  // them on screen then): their text is not text off the screen.
  await page.addStyleTag({ content: ".bar .tip { display: none }" });
  return [...found, ...(await overflow(page))];
}

const words = {
  en: {
    prefix: "",
    subscribe: "Subscribe to updates",
    past: "Past incidents",
    quiet: "No incidents reported",
    resolved: "Resolved after 1 h 15 min",
    affected: "Affected: Notifications - Webhooks",
    ago: "(22 minutes ago)",
    follow: "Follow the updates",
    impact: "Minor impact",
  },
  fr: {
    prefix: "/fr",
    subscribe: "S’abonner aux mises à jour",
    past: "Incidents passés",
    quiet: "Aucun incident signalé",
    resolved: "Résolu après 1 h 15 min",
    affected: "Concerne : Notifications - Webhooks",
    ago: "(il y a 22 minutes)",
    follow: "Suivre les mises à jour",
    impact: "Impact mineur",
  },
};

const cases = [1280, 375].flatMap((width) =>
  (["en", "fr"] as const).flatMap((locale) =>
    (["light", "dark"] as const).map((colorScheme) => ({ width, locale, colorScheme })),
  ),
);

describe.each(cases)("at $width px, $locale, $colorScheme", ({ width, locale, colorScheme }) => {
  let context: BrowserContext;
  const w = words[locale];
  const shot = (page: Page, name: string) =>
    screenshot(page, `story-${name}-${locale}-${width}-${colorScheme}`);
  beforeAll(async () => {
    context = await demo.browser.newContext({
      viewport: { width, height: 900 },
      colorScheme,
      timezoneId: "America/New_York",
      locale: locale === "fr" ? "fr-FR" : "en-US",
    });
  });
  afterAll(() => context?.close());

  it("home: a subscribe button in the header, the last 15 days, times on the visitor's clock", async () => {
    const page = await open(context, `${w.prefix}/`);
    const button = page.locator("header a.button.subscribe");
    expect(await textOf(button)).toBe(w.subscribe);
    expect(await button.getAttribute("href")).toBe(`${w.prefix}/subscribe/`);
    const box = await button.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);

    expect(await textOf(page.locator("#past-title"))).toBe(w.past);
    const days = page.locator("#past .day");
    expect(await days.count()).toBe(15);
    // Nov 25 was quiet (Nov 26 had the backfilled incident).
    expect(await days.nth(2).getAttribute("data-date")).toBe("2026-11-25");
    expect(await textOf(days.nth(2).locator("p"))).toBe(w.quiet);
    expect(await days.nth(2).locator("li").count()).toBe(0);
    const webhooks = page.locator(
      `#past li[data-incident-id="${incident("Delayed webhook deliveries").id}"]`,
    );
    expect(await webhooks.isVisible()).toBe(true);
    expect(await textOf(webhooks.locator(".muted"))).toBe(`${w.impact} · ${w.resolved} · ${w.affected}`);
    expect(await borderOf(webhooks)).toBe(await colourOf(page, "var(--dg)"));
    const ongoing = page.locator(`#past li[data-incident-id="${incident("Elevated error rates").id}"]`);
    expect(await borderOf(ongoing)).toBe(await colourOf(page, "var(--po)"));

    // The banner and the cards in New York time, with how long ago.
    expect(await textOf(page.locator("#live-status time"))).toMatch(/^0?7:11\s?(AM )?(EST|UTC−5)$/);
    const card = page.locator("#active-incidents article").first();
    expect(await textOf(card.locator(".update > time"))).toMatch(
      new RegExp(`^.*(6:50|06:50).*(EST|UTC−5) \\${w.ago.slice(0, -1)}\\)$`),
    );
    expect(await textOf(card.locator("p.aff"))).toMatch(
      /^(Affected: |Concerne : )Platform - API, Payments - Checkout$/,
    );
    expect(await textOf(page.locator("#maintenance-next article p.aff"))).toMatch(
      /Platform - Dashboard, Payments - Billing$/,
    );

    // Hostile text stays text: nothing ran, nothing was injected.
    // The name itself (French pages add that it is in English).
    const hostile = page.locator(`#past li[data-incident-id="${incident("<img").id}"] > a > span`).first();
    expect(await textOf(hostile)).toBe(`${hostileName} bell`);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator("main img, main script").count()).toBe(0);

    expect(await problems(page)).toEqual([]);
    await shot(page, "home");
    await page.close();
  }, 60_000);

  it("incident page: how long it lasted, what it touched, its own feed and the subscribe page", async () => {
    const item = incident("Delayed webhook deliveries");
    const page = await open(context, `${w.prefix}/incidents/${item.id}/`);
    expect(await textOf(page.locator(".state"))).toBe(w.resolved);
    expect(await textOf(page.locator("#follow-title"))).toBe(w.follow);
    const links = page.locator("#follow a");
    expect(await links.count()).toBe(2);
    const feed = await links.first().getAttribute("href");
    expect(feed).toBe(`${w.prefix}/incidents/${item.id}/feed.atom`);
    expect(await links.last().getAttribute("href")).toBe(`${w.prefix}/subscribe/`);
    const response = await page.request.get(`${demo.url}${feed}`);
    expect(response.status()).toBe(200);
    const xml = await response.text();
    expect(xml).toContain(`<feed xml:lang="${locale}"`);
    expect(xml.match(/<entry>/g)).toHaveLength(item.incident_updates.length);
    // Every update's time on the visitor's clock.
    for (const time of await page.locator(".timeline time").all())
      expect(await textOf(time)).toMatch(/(EST|UTC−5)( \(.+\))?$/);
    expect(await problems(page)).toEqual([]);
    await shot(page, "incident");
    await page.close();
  }, 60_000);

  it("history: impact, duration and what each item touched; the hostile name inert", async () => {
    const page = await open(context, `${w.prefix}/history/`);
    const item = page.locator(`.month li[data-incident-id="${incident("Delayed webhook deliveries").id}"]`);
    expect(await textOf(item.locator("span.muted"))).toBe(`${w.impact} · ${w.resolved} · ${w.affected}`);
    const hostile = page.locator(`.month li[data-incident-id="${incident("<img").id}"] > a > span`).first();
    expect(await textOf(hostile)).toBe(`${hostileName} bell`);
    expect(await pwned(page)).toBeUndefined();
    expect(await problems(page)).toEqual([]);
    await shot(page, "history");
    await page.close();
  }, 60_000);
});

describe("a card the live script rebuilds", () => {
  it.each([
    { width: 1280, locale: "en", colorScheme: "light" },
    { width: 375, locale: "fr", colorScheme: "dark" },
  ] as const)(
    "looks exactly like the built one at $width px, $locale, $colorScheme",
    async ({ width, locale, colorScheme }) => {
      const context = await demo.browser.newContext({
        viewport: { width, height: 900 },
        colorScheme,
        timezoneId: "America/New_York",
      });
      try {
        // The card as built (its times in the visitor's zone): the cards document fails, so the
        // first poll changes no card.
        const cardsDocument = "**/api/cards.json*";
        await context.route(cardsDocument, (route) => route.fulfill({ status: 503 }));
        const page = await context.newPage();
        await page.clock.install({ time: new Date(visitAt.getTime() - 5_000) });
        await page.clock.pauseAt(visitAt);
        expect((await page.goto(`${demo.url}${words[locale].prefix}/`))?.status()).toBe(200);
        await waitForText(page.locator("#live-status"), /unavailable|indisponibles/);
        const id = incident("Elevated error rates").id;
        const built = page.locator(`#active-incidents article[data-incident-id="${id}"]`);
        const before = await treeOf(built);
        expect(before).toContain('<div class="update">');
        expect(before).toContain('<p class="muted aff">');
        const shotBefore = await built.screenshot();

        // The next poll reads the cards document and builds every card again from the summary.
        await built.evaluate((el) => el.setAttribute("data-built", ""));
        await context.unroute(cardsDocument);
        await page.clock.runFor(8_000);
        const rebuilt = page.locator(`#active-incidents article[data-incident-id="${id}"]:not([data-built])`);
        await expect.poll(() => rebuilt.count(), { timeout: 10_000 }).toBe(1);
        expect(await page.locator(`#active-incidents article[data-built]`).count()).toBe(0);
        await waitForText(page.locator("#live-status"), locale === "fr" ? /^Mis à jour à/ : /^Updated/);

        expect(await treeOf(rebuilt)).toBe(before);
        expect((await rebuilt.screenshot()).equals(shotBefore)).toBe(true);
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
