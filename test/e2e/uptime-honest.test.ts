import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { textOf } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { openGroups, widths } from "./page-views.ts";

/**
 * Uptime bars that do not mislead: a component created minutes ago shows no percentage after a short
 * outage; phones show the last 30 days with days wide enough to tap; the legend's parts stay apart.
 */

let newId = "";

const demo = demoSiteInBrowser({
  beforeBuild: async (t) => {
    const created = await t.json("POST", "/api/admin/components", { body: { name: "New service" } });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    newId = created.body.id;
    const status = async (value: string) => {
      const res = await t.json("PATCH", `/api/admin/components/${newId}`, { body: { status: value } });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    };
    // Created, 4 minutes later down for 4 minutes, and built 12 minutes after its creation.
    t.clock.advance(4 * 60_000);
    await status("major_outage");
    t.clock.advance(4 * 60_000);
    await status("operational");
    t.clock.advance(4 * 60_000);
  },
});

interface Bar {
  days: number;
  narrowest: number;
}

/** The days drawn in each visible bar (a segment of n days counts n) and its narrowest day. */
const visibleBars = (page: Page): Promise<Bar[]> =>
  page.locator(".bar").evaluateAll((bars) =>
    bars
      .filter((bar) => bar.getBoundingClientRect().width > 0)
      .map((bar) => {
        const shown = [...bar.children].filter((li) => li.getBoundingClientRect().width > 0);
        const days = shown.map((li) => Number(/--n:(\d+)/.exec(li.getAttribute("style") ?? "")?.[1] ?? 1));
        return {
          days: days.reduce((a, b) => a + b, 0),
          narrowest: Math.min(...shown.map((li, i) => li.getBoundingClientRect().width / days[i]!)),
        };
      }),
  );

/** The legend's visible parts of the first bar: their text and boxes. */
const legendParts = (page: Page) =>
  page
    .locator(".legend")
    .first()
    .evaluate((legend) =>
      [...legend.children]
        .map((span) => ({ text: span.textContent ?? "", box: span.getBoundingClientRect() }))
        .filter((p) => p.box.width > 0)
        .map((p) => ({
          text: p.text,
          left: p.box.left,
          right: p.box.right,
          top: p.box.top,
          height: p.box.height,
        })),
    );

describe("the site document", () => {
  it("gives a 12-minute-old component no percentage, its outage minutes still counted on its day", () => {
    const uptime = demo.site.doc.uptime[newId]!;
    expect(uptime.uptime_percent).toBeNull();
    expect(uptime.days.at(-1)).toMatchObject({ status: "major_outage", minutes: { major_outage: 4 } });
    expect(uptime.days.slice(0, -1).every((d) => d.status === null)).toBe(true);
  });
});

const languages = [
  {
    locale: "en",
    path: "/",
    start: { 1280: "90 days ago", 375: "30 days ago" },
    noData: "No data",
    today: "Today",
  },
  {
    locale: "fr",
    path: "/fr/",
    start: { 1280: "Il y a 90 jours", 375: "Il y a 30 jours" },
    noData: "Pas de données",
    today: "Aujourd’hui",
  },
] as const;

describe.each(languages)("the $locale home page", ({ locale, path, start, noData, today }) => {
  it.each(widths)(
    "draws the right number of days at %i px, days wide enough to tap, the legend apart",
    async (width) => {
      await demo.view({ path, width, name: `uptime-${locale}`, prepare: openGroups }, async (page) => {
        const bars = await visibleBars(page);
        expect(bars.length).toBeGreaterThan(3);
        for (const bar of bars) {
          expect(bar.days).toBe(width === 375 ? 30 : 90);
          if (width === 375) expect(bar.narrowest).toBeGreaterThanOrEqual(8);
        }

        const parts = await legendParts(page);
        expect(parts.map((p) => p.text)[0]).toBe(start[width]);
        expect(parts).toHaveLength(3);
        // Side by side, apart, in order; the ends on one line each (the figure between may wrap).
        const [first, figure, last] = parts as [
          (typeof parts)[number],
          (typeof parts)[number],
          (typeof parts)[number],
        ];
        expect(figure.left - first.right).toBeGreaterThanOrEqual(8);
        expect(last.left - figure.right).toBeGreaterThanOrEqual(8);
        expect(first.height).toBeLessThan(20);
        expect(last.height).toBeLessThan(20);
        // Read aloud or copied, the parts are separate words too.
        const legend = page.locator(".legend").first();
        const copied = await legend.evaluate((el) => el.textContent ?? "");
        expect(copied.trim()).toMatch(new RegExp(`^${start[1280]} ${start[375]} \\S.*\\S ${today}$`));
        // What is on the screen, without the part hidden at this width.
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
        const shown = (await legend.innerText()).replace(/\s+/g, " ");
        expect(shown.trim()).toMatch(new RegExp(`^${start[width]} \\S`));

        const fresh = page.locator(`[data-component-id="${newId}"]`);
        expect(await textOf(fresh.locator(".percent"))).toBe(noData);
      });
    },
    90_000,
  );
});
