import { describe, expect, it } from "vitest";
import { statusBadge } from "../../site/src/lib/badge.ts";
import { maintenanceCalendar } from "../../site/src/lib/calendar.ts";
import { historyPages } from "../../site/src/lib/history.ts";
import { renderMarkdown } from "../../site/src/lib/markdown.ts";
import { createSite } from "../../site/src/lib/site.ts";
import type { UptimeDay } from "../../site/src/lib/site-document.ts";
import { uptimeSegments } from "../../site/src/lib/uptime-segments.ts";
import { fakeSiteDocument } from "./fake-site-document.ts";

/** The site's build-time helpers, without a build. */

const quiet = (date: string, status: UptimeDay["status"] = "operational"): UptimeDay => ({
  date,
  status,
  minutes: { major_outage: 0, partial_outage: 0, degraded_performance: 0, under_maintenance: 0 },
  incidents: [],
});

describe("uptime segments", () => {
  it("merge days that read the same and keep every day with something to say on its own", () => {
    const days: UptimeDay[] = [
      quiet("2026-11-01", null),
      quiet("2026-11-02"),
      quiet("2026-11-03"),
      { ...quiet("2026-11-04", "partial_outage"), minutes: { ...quiet("").minutes, partial_outage: 25 } },
      { ...quiet("2026-11-05"), incidents: [{ id: "mnt_1", name: "Upgrade" }] },
      quiet("2026-11-06"),
      quiet("2026-11-07"),
    ];
    const segments = uptimeSegments(days);
    expect(segments.map((s) => [s.from, s.to, s.days, s.status])).toEqual([
      ["2026-11-01", "2026-11-01", 1, null],
      ["2026-11-02", "2026-11-03", 2, "operational"],
      ["2026-11-04", "2026-11-04", 1, "partial_outage"],
      ["2026-11-05", "2026-11-05", 1, "operational"],
      ["2026-11-06", "2026-11-07", 2, "operational"],
    ]);
    expect(segments[2]?.minutes).toEqual([["partial_outage", 25]]);
    expect(segments[3]?.incidents).toEqual([{ id: "mnt_1", name: "Upgrade" }]);
  });
});

describe("uptime segments on phones", () => {
  it("never merge across the first of the last 30 days, and say which segments are that recent", () => {
    const days = Array.from({ length: 90 }, (_, i) =>
      quiet(new Date(Date.UTC(2026, 7, 30 + i)).toISOString().slice(0, 10), i < 10 ? null : "operational"),
    );
    const segments = uptimeSegments(days);
    expect(segments.map((s) => [s.days, s.status, s.recent])).toEqual([
      [10, null, false],
      [50, "operational", false],
      [30, "operational", true],
    ]);
    expect(segments[2]?.from).toBe(days[60]?.date);
    const recentDays = segments.filter((s) => s.recent).reduce((n, s) => n + s.days, 0);
    expect(recentDays).toBe(30);
  });
});

describe("history pages", () => {
  it("cut the history newest first into pages of 25, each grouped by month", () => {
    const site = createSite(fakeSiteDocument({ incidents: 60 }), "", null);
    const pages = historyPages(site);
    expect(pages.map((p) => p.reduce((n, m) => n + m.items.length, 0))).toEqual([25, 25, 13]);
    for (const page of pages) {
      const keys = page.map((m) => m.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...keys].sort().reverse()).toEqual(keys);
    }
    expect(historyPages(createSite(fakeSiteDocument({ incidents: 0 }), "", null))).toEqual([[]]);
  });
});

describe("site settings", () => {
  it("accept a hex accent colour only, since it lands in a style attribute", () => {
    const doc = fakeSiteDocument();
    expect(createSite(doc, "", null).accent).toBe("#7c3aed");
    const hostile = {
      ...doc,
      page: { ...doc.page, accent_color: "red;background:url(https://evil.example/x)" },
    };
    expect(createSite(hostile, "", null).accent).toBe("#2563eb");
  });

  it("put the default locale first and leave scheduled maintenance out of the history", () => {
    const site = createSite(fakeSiteDocument({ defaultLocale: "fr", incidents: 20 }), "", null);
    expect(site.locales).toEqual(["fr", "en"]);
    expect(site.history.some((i) => i.status === "scheduled")).toBe(false);
    expect(site.history).toHaveLength(21);
  });
});

describe("markdown", () => {
  it("escapes raw HTML, marks links nofollow and refuses script URLs", () => {
    expect(renderMarkdown('<script>alert("x")</script>')).toBe(
      "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n",
    );
    expect(renderMarkdown("[help](https://help.example)")).toBe(
      '<p><a href="https://help.example" rel="nofollow noopener">help</a></p>\n',
    );
    expect(renderMarkdown("[x](javascript:alert(1))")).not.toContain("<a");
    expect(renderMarkdown("# Cause")).toBe("<h3>Cause</h3>\n");
  });
});

describe("feeds and badge", () => {
  it("give a calendar that does not change when nothing changed, with one UID per maintenance", () => {
    const first = fakeSiteDocument({ incidents: 40 });
    const later = {
      ...first,
      generated_at: new Date(Date.parse(first.generated_at) + 3_600_000).toISOString(),
    };
    const ics = maintenanceCalendar(createSite(first, "", null), "en");
    expect(maintenanceCalendar(createSite(later, "", null), "en")).toBe(ics);
    expect(ics.match(/^UID:.*$/gm)).toEqual(
      first.scheduled_maintenances.map((m) => `UID:${m.id}@status.test`),
    );
  });

  it("escape the badge text", () => {
    const svg = statusBadge("status", 'A & B <"x">', "critical");
    expect(svg).toContain("A &#38; B &#60;&#34;x&#34;&#62;");
    expect(svg).toContain('fill="#cf222e"');
  });
});
