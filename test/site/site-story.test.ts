import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HTMLElement } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { historyPages } from "../../site/src/lib/history.ts";
import { itemFeed } from "../../site/src/lib/item-feed.ts";
import { closedAfter, pastIncidents } from "../../site/src/lib/past.ts";
import { createSite } from "../../site/src/lib/site.ts";
import { buildFromDocument, builtFiles, parseBuilt, readBuilt } from "./build-site.ts";
import { fakeSiteDocument } from "./fake-site-document.ts";
import { atomSchema } from "./validators.ts";

/**
 * What the page tells about the past: the last 15 days on the home page, quiet months in the
 * history, how long each incident lasted and what it touched, and a feed per incident.
 */

const dir = mkdtempSync(join(tmpdir(), "vigie-story-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostile = "<img src=x onerror=alert(1)>\u0007 Outage ]]><b>bold</b>";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const textOf = (el: HTMLElement | null | undefined) => el?.text.replace(/\s+/g, " ").trim();

describe("the past 15 days", () => {
  it("lists each day from the build's back, with what started on it, newest first", () => {
    // An incident every 30 hours: some days have one, some none.
    const site = createSite(fakeSiteDocument({ incidents: 30, gapHours: 30 }), "", null);
    const days = pastIncidents(site);
    expect(days.map((d) => d.date)).toEqual(
      Array.from({ length: 15 }, (_, i) => new Date(Date.UTC(2026, 10, 27 - i)).toISOString().slice(0, 10)),
    );
    for (const day of days)
      for (const item of day.items)
        expect((item.scheduled_for ?? item.started_at).slice(0, 10)).toBe(day.date);
    const listed = days.flatMap((d) => d.items.map((i) => i.id));
    const expected = site.history
      .filter((i) => (i.scheduled_for ?? i.started_at).slice(0, 10) >= "2026-11-13")
      .map((i) => i.id);
    expect(listed).toEqual(expected);
    expect(days.some((d) => d.items.length === 0)).toBe(true);
    expect(days.filter((d) => d.items.length > 0).length).toBeGreaterThan(8);
  });

  it("says how long a closed incident or maintenance lasted, in both languages", () => {
    const doc = fakeSiteDocument({ incidents: 40 });
    const incident = doc.incidents[3]!;
    incident.resolved_at = new Date(Date.parse(incident.started_at) + (2 * 60 + 14) * 60_000).toISOString();
    const maintenance = doc.scheduled_maintenances[1]!;
    maintenance.resolved_at = new Date(Date.parse(maintenance.started_at) + 90 * 60_000).toISOString();
    const site = createSite(doc, "", null);
    expect(closedAfter(site, "en", incident)).toBe("Resolved after 2 h 14 min");
    expect(closedAfter(site, "fr", incident)).toBe("Résolu après 2 h 14 min");
    expect(closedAfter(site, "en", maintenance)).toBe("Completed after 1 h 30 min");
    expect(closedAfter(site, "fr", maintenance)).toBe("Terminée après 1 h 30 min");
    expect(closedAfter(site, "en", doc.incidents[0]!)).toBeNull();
  });
});

describe("the history", () => {
  it("lists a month without anything as quiet, on the page where it falls", () => {
    const doc = fakeSiteDocument({ incidents: 60, gapHours: 24 * 9 });
    // Nothing in October 2026 nor in August.
    doc.incidents = doc.incidents.filter((i) => !/^2026-(10|08)/.test(i.started_at));
    doc.scheduled_maintenances = doc.scheduled_maintenances.filter(
      (m) => !/^2026-(10|08)/.test(m.scheduled_for ?? ""),
    );
    const pages = historyPages(createSite(doc, "", null));
    const months = pages.flat();
    expect(months.slice(0, 5).map((m) => [m.key, m.items.length > 0])).toEqual([
      ["2026-11", true],
      ["2026-10", false],
      ["2026-09", true],
      ["2026-08", false],
      ["2026-07", true],
    ]);
    // Every month from the build's down to the oldest item appears once per page it spans.
    const keys = [...new Set(months.map((m) => m.key))];
    expect(keys.length).toBe(new Set(keys).size);
    for (let i = 1; i < keys.length; i++) expect(keys[i]! < keys[i - 1]!).toBe(true);
    expect(pages.flat().reduce((n, m) => n + m.items.length, 0)).toBe(
      doc.incidents.length + doc.scheduled_maintenances.filter((m) => m.status !== "scheduled").length,
    );
  });
});

describe("the feed of one incident", () => {
  it("has one entry per update, is valid Atom, and keeps a hostile name as text", () => {
    const doc = fakeSiteDocument({ incidents: 4 });
    const incident = doc.incidents[2]!;
    incident.name = hostile;
    incident.incident_updates[0]!.body = `Fixed ${hostile} \u0001`;
    // The raw item, not the build's cleaned copy: the feed holds whatever it is given.
    const xml = itemFeed(createSite(doc, "", null), "en", incident);
    expect(xml).not.toMatch(forbidden);
    const path = join(dir, "incident.atom");
    writeFileSync(path, xml);
    execFileSync("xmllint", ["--noout", path], { stdio: "pipe" });
    execFileSync("jing", ["-c", atomSchema, path], { stdio: "pipe" });
    const xpath = (expression: string) =>
      execFileSync("xmllint", ["--xpath", expression, path], { encoding: "utf8" }).trim();
    const entries = "//*[local-name()='entry']";
    expect(Number(xpath(`count(${entries})`))).toBe(incident.incident_updates.length);
    const title = xpath(`string((${entries}/*[local-name()='title'])[1])`);
    expect(title).not.toMatch(/[<>]/);
    expect(title).toContain("Resolved: &#60;img src=x onerror=alert(1)&#62;");
    expect(xpath("string(/*[local-name()='feed']/*[local-name()='id'])")).toBe(
      `http://status.test/incidents/${incident.id}/`,
    );
    expect(xpath("string((//*[local-name()='entry']/*[local-name()='id'])[1])")).toBe(
      `http://status.test/incidents/${incident.id}/#${incident.incident_updates[0]!.id}`,
    );
  });
});

describe("a built home page with 15 busy days", () => {
  let doc: SiteDocument;
  let outDir: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    doc = fakeSiteDocument({ incidents: 30, gapHours: 30 });
    const target = doc.incidents[4]!;
    target.name = hostile;
    target.name_translations = { fr: hostile };
    ({ outDir, close } = await buildFromDocument(doc));
  }, 120_000);
  afterAll(() => close?.());

  it("shows each day, quiet ones said so, in English and French", () => {
    for (const [path, quiet] of [
      ["index.html", "No incidents reported"],
      ["fr/index.html", "Aucun incident signalé"],
    ] as const) {
      const home = parseBuilt(outDir, path);
      const days = home.querySelectorAll("#past .day");
      expect(days.map((d) => d.getAttribute("data-date"))).toHaveLength(15);
      for (const day of days) {
        const items = day.querySelectorAll("li.item");
        if (items.length === 0) expect(textOf(day.querySelector("p"))).toBe(quiet);
        else expect(day.querySelector("p")).toBeNull();
      }
      expect(days.filter((d) => d.querySelector("li.item") === null).length).toBeGreaterThan(0);
    }
    expect(textOf(parseBuilt(outDir, "index.html").querySelector("#past-title"))).toBe("Past incidents");
    expect(textOf(parseBuilt(outDir, "fr/index.html").querySelector("#past-title"))).toBe("Incidents passés");
  });

  it("gives each past incident its impact, how it ended, how long it lasted and what it touched", () => {
    const home = parseBuilt(outDir, "index.html");
    const fr = parseBuilt(outDir, "fr/index.html");
    const resolved = doc.incidents[3]!;
    const li = home.querySelector(`#past li[data-incident-id="${resolved.id}"]`);
    expect(li?.getAttribute("data-impact")).toBe(resolved.impact);
    const place = (id: string) => doc.components.findIndex((c) => c.id === id);
    const labels = [...resolved.component_ids]
      .sort((a, b) => place(a) - place(b))
      .map((id) => {
        const c = doc.components.find((x) => x.id === id)!;
        return `${doc.components.find((g) => g.id === c.group_id)!.name} - ${c.name}`;
      });
    const impact = { minor: "Minor impact", major: "Major impact", critical: "Critical impact" } as Record<
      string,
      string
    >;
    expect(textOf(li?.querySelector(".muted"))).toBe(
      `${impact[resolved.impact]} · Resolved after 1 h · Affected: ${labels.join(", ")}`,
    );
    expect(textOf(fr.querySelector(`#past li[data-incident-id="${resolved.id}"] .muted`))).toMatch(
      /^Impact (mineur|majeur|critique) · Résolu après 1 h · Concerne : /,
    );
    // An open one says where it stands instead.
    expect(textOf(home.querySelector(`#past li[data-incident-id="${doc.incidents[0]!.id}"] .muted`))).toMatch(
      /^\w+ impact · Identified · Affected: /,
    );
    // A maintenance of the last 15 days is there too, with its window's colour.
    const maintenance = home.querySelector('#past li[data-impact="maintenance"]');
    expect(textOf(maintenance?.querySelector(".muted"))).toMatch(/^Maintenance · Completed/);
  });

  it("keeps a hostile incident name inert text on the home page, its page and the history", () => {
    const target = doc.incidents[4]!;
    for (const path of [
      "index.html",
      "fr/index.html",
      "history/index.html",
      `incidents/${target.id}/index.html`,
    ]) {
      const html = readBuilt(outDir, path);
      expect(html, path).not.toMatch(forbidden);
      // Outside quoted attribute values (the preview tags carry the name as an attribute, where
      // markup is text), the name's markup is escaped.
      const markup = html.replace(/="[^"]*"/g, '=""');
      expect(markup, path).not.toContain("<img src=x");
      expect(markup, path).not.toContain("<b>bold</b>");
      const page = parseBuilt(outDir, path);
      expect(page.querySelectorAll("img[onerror], main img, b"), path).toHaveLength(0);
    }
    const home = parseBuilt(outDir, "index.html");
    expect(textOf(home.querySelector(`#past li[data-incident-id="${target.id}"] a`))).toBe(
      "<img src=x onerror=alert(1)> Outage ]]><b>bold</b>",
    );
  });

  it("links each incident page to its own feed and to the subscribe page, in its language", () => {
    const id = doc.incidents[3]!.id;
    for (const [prefix, title] of [
      ["", "Follow the updates"],
      ["/fr", "Suivre les mises à jour"],
    ] as const) {
      const page = parseBuilt(outDir, `${prefix.slice(1)}${prefix ? "/" : ""}incidents/${id}/index.html`);
      expect(textOf(page.querySelector("#follow-title"))).toBe(title);
      const links = page.querySelectorAll("#follow a").map((a) => a.getAttribute("href"));
      expect(links).toEqual([`${prefix}/incidents/${id}/feed.atom`, `${prefix}/subscribe/`]);
      const feed = readBuilt(outDir, `${prefix.slice(1)}${prefix ? "/" : ""}incidents/${id}/feed.atom`);
      expect(feed).toContain(`<feed xml:lang="${prefix ? "fr" : "en"}"`);
      expect(textOf(page.querySelector(".state"))).toBe(prefix ? "Résolu après 1 h" : "Resolved after 1 h");
      const header = page.querySelector("header a.button.subscribe");
      expect(header?.getAttribute("href")).toBe(`${prefix}/subscribe/`);
      expect(header?.hasAttribute("aria-current")).toBe(false);
      const subscribe = parseBuilt(outDir, `${prefix.slice(1)}${prefix ? "/" : ""}subscribe/index.html`);
      expect(subscribe.querySelector("header a.button.subscribe")?.getAttribute("aria-current")).toBe("page");
    }
    const maintenance = doc.scheduled_maintenances[0]!;
    expect(readBuilt(outDir, `maintenances/${maintenance.id}/feed.atom`)).toContain(
      `<id>http://status.test/maintenances/${maintenance.id}/</id>`,
    );
  });

  it("gives no feed of its own to an incident closed more than 30 days ago, only the subscribe link", () => {
    // Every 30 hours: the 26th incident closed about 31 days before the build, the 23rd about 28.
    const old = doc.incidents[25]!;
    const recent = doc.incidents[22]!;
    expect(Date.parse(doc.generated_at) - Date.parse(old.updated_at)).toBeGreaterThan(30 * 86_400_000);
    expect(builtFiles(outDir)).not.toContain(`incidents/${old.id}/feed.atom`);
    expect(builtFiles(outDir)).not.toContain(`fr/incidents/${old.id}/feed.atom`);
    const links = parseBuilt(outDir, `incidents/${old.id}/index.html`)
      .querySelectorAll("#follow a")
      .map((a) => a.getAttribute("href"));
    expect(links).toEqual(["/subscribe/"]);
    expect(builtFiles(outDir)).toContain(`incidents/${recent.id}/feed.atom`);
  });
});
