import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtFiles, readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite } from "./demo-site.ts";
import { atomSchema, runTool as run } from "./validators.ts";

/** Every built page and feed passes the validators the outside world would use. */

let site: BuiltDemoSite;

beforeAll(async () => {
  site = await buildDemoSite({ extras: true });
}, 120_000);

afterAll(() => site?.close());

const xpath = (file: string, expression: string) => run("xmllint", ["--xpath", expression, file]).trim();

describe("built pages", () => {
  it("pass html-validate's recommended rules, every one of them", async () => {
    const pages = builtFiles(site.outDir).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThanOrEqual(15);
    const validator = new HtmlValidate({ root: true, extends: ["html-validate:recommended"] });
    const problems: string[] = [];
    for (const path of pages) {
      const report = await validator.validateString(readBuilt(site.outDir, path), path);
      for (const result of report.results) {
        for (const m of result.messages)
          problems.push(`${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("a page html-validate must reject is rejected (the check can fail)", async () => {
    const validator = new HtmlValidate({ root: true, extends: ["html-validate:recommended"] });
    const report = await validator.validateString(
      "<!doctype html><html lang=en><title>x</title><p><div></p>",
      "bad.html",
    );
    expect(report.valid).toBe(false);
  });
});

describe("links the API gives", () => {
  it("every incident's and maintenance's shortlink is a page the build wrote", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: JSON read for two fields
    const get = async (path: string): Promise<any> => (await fetch(`${site.apiUrl}${path}`)).json();
    const incidents = (await get("/api/v2/incidents.json")).incidents as { shortlink: string }[];
    const maintenances = (await get("/api/v2/scheduled-maintenances.json")).scheduled_maintenances as {
      id: string;
      shortlink: string;
    }[];
    expect(maintenances.length).toBeGreaterThan(0);
    expect(maintenances[0]?.shortlink).toBe(`http://status.test/maintenances/${maintenances[0]?.id}`);
    const files = new Set(builtFiles(site.outDir));
    for (const { shortlink } of [...incidents, ...maintenances]) {
      const path = new URL(shortlink).pathname.replace(/^\//, "");
      expect(files.has(`${path}/index.html`), shortlink).toBe(true);
    }
  });
});

describe("feeds", () => {
  it("RSS 2.0 is well-formed and carries the update trail of each incident", () => {
    for (const file of ["history.rss", "fr/history.rss"])
      run("xmllint", ["--noout", join(site.outDir, file)]);
    const rss = join(site.outDir, "history.rss");
    expect(xpath(rss, "string(/rss/@version)")).toBe("2.0");
    const items =
      site.doc.incidents.length +
      site.doc.scheduled_maintenances.filter((m) => m.status !== "scheduled").length;
    expect(xpath(rss, "count(/rss/channel/item)")).toBe(String(items));
    const open = site.doc.incidents[0];
    expect(xpath(rss, "string(/rss/channel/item[1]/title)")).toBe(open?.name);
    const trail = xpath(rss, "string(/rss/channel/item[1]/description)");
    expect(trail).toContain("<strong>Identified</strong>");
    expect(trail.indexOf("Identified")).toBeLessThan(trail.indexOf("Investigating"));
    expect(xpath(join(site.outDir, "fr/history.rss"), "string(/rss/channel/item[1]/title)")).toBe(
      // Escaped as in Atom: readers render titles as HTML.
      "Taux d&#39;erreur élevé sur le paiement",
    );
  });

  it("Atom is valid against the RFC 4287 RELAX NG schema", () => {
    for (const file of ["history.atom", "fr/history.atom"]) {
      run("xmllint", ["--noout", join(site.outDir, file)]);
      run("jing", ["-c", atomSchema, join(site.outDir, file)]);
    }
    // The feed says its language, as RSS does with <language>.
    expect(xpath(join(site.outDir, "history.atom"), "string(/*/@xml:lang)")).toBe("en");
    expect(xpath(join(site.outDir, "fr/history.atom"), "string(/*/@xml:lang)")).toBe("fr");
    const atom = readBuilt(site.outDir, "history.atom");
    expect(atom).toContain(`<id>http://status.test/incidents/${site.doc.incidents[0]?.id}/</id>`);
  });

  it("the Atom schema check can fail", () => {
    const broken = readBuilt(site.outDir, "history.atom").replace(/<id>[^<]*<\/id>/, "");
    const path = join(site.outDir, "broken.atom");
    writeFileSync(path, broken);
    expect(() => run("jing", ["-c", atomSchema, path])).toThrow(/missing required element "id"/);
  });

  it("the maintenance calendar parses strictly with ical.js, one event per maintenance with a stable UID", () => {
    ICAL.design.strict = true;
    for (const file of ["maintenances.ics", "fr/maintenances.ics"]) {
      const calendar = new ICAL.Component(ICAL.parse(readBuilt(site.outDir, file)));
      const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
      expect(events.map((e) => e.uid)).toEqual(
        site.doc.scheduled_maintenances.map((m) => `${m.id}@status.test`),
      );
      for (const [i, event] of events.entries()) {
        const m = site.doc.scheduled_maintenances[i];
        expect(event.startDate.toJSDate().toISOString()).toBe(new Date(m?.scheduled_for ?? 0).toISOString());
        expect(event.endDate.toJSDate().toISOString()).toBe(new Date(m?.scheduled_until ?? 0).toISOString());
      }
      expect(events[0]?.summary).toBe(
        file.startsWith("fr") ? "Mise à jour de la base de données" : "Database upgrade",
      );
    }
  });

  it("the badge is well-formed SVG", () => {
    run("xmllint", ["--noout", join(site.outDir, "badge.svg")]);
    expect(
      xpath(join(site.outDir, "badge.svg"), "string(/*[local-name()='svg']/*[local-name()='title'])"),
    ).toBe("status: Minor Service Outage");
  });
});
