import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtFiles, readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite } from "./demo-site.ts";
import { atomSchema, runTool as run } from "./validators.ts";

/**
 * Text stored before the API refused control characters (or written by another tool) still builds
 * a page whose feeds are XML and whose pages hold no control character.
 */

let site: BuiltDemoSite;

const bell = "\u0007";
/** C0 controls other than tab and line breaks: what XML 1.0 forbids. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

beforeAll(async () => {
  site = await buildDemoSite({
    beforeBuild: async (t) => {
      const run = (sql: string) => t.handle.client.execute(sql);
      await run("UPDATE incidents SET name = name || char(7) || ' bell'");
      await run("UPDATE incident_translations SET name = name || char(27) || '[31m red'");
      await run("UPDATE incident_updates SET body = body || char(1) || char(11) || char(12) || ' end'");
      await run("UPDATE incident_update_translations SET body = body || char(31) || ' fin'");
      await run("UPDATE components SET name = name || char(8), description = 'Desc' || char(7)");
      await run("UPDATE settings SET name = name || char(7)");
    },
  });
}, 120_000);

afterAll(() => site?.close());

describe("a site built from text holding control characters", () => {
  it("the document the build read really holds them (the test can fail)", () => {
    expect(site.doc.incidents[0]?.name).toContain(bell);
    expect(site.doc.page.name).toContain(bell);
  });

  it("RSS and Atom feeds in both languages are well-formed, Atom valid against RFC 4287", () => {
    for (const file of ["history.rss", "fr/history.rss", "history.atom", "fr/history.atom"]) {
      run("xmllint", ["--noout", join(site.outDir, file)]);
      expect(readBuilt(site.outDir, file)).not.toMatch(forbidden);
    }
    for (const file of ["history.atom", "fr/history.atom"])
      run("jing", ["-c", atomSchema, join(site.outDir, file)]);
    const title = run("xmllint", [
      "--xpath",
      "string(/rss/channel/item[1]/title)",
      join(site.outDir, "history.rss"),
    ]);
    expect(title.trim()).toBe(`${site.doc.incidents[0]?.name.replace(bell, "")}`.replaceAll("'", "&#39;"));
  });

  it("each incident's and maintenance's own feed is well-formed, valid Atom, without control characters", () => {
    const feeds = builtFiles(site.outDir).filter((f) => f.endsWith("/feed.atom"));
    // The recent ones have one, in both languages: the open incident, the webhook one, the maintenance.
    expect(feeds).toHaveLength(6);
    for (const file of feeds) {
      expect(readBuilt(site.outDir, file), file).not.toMatch(forbidden);
      run("xmllint", ["--noout", join(site.outDir, file)]);
      run("jing", ["-c", atomSchema, join(site.outDir, file)]);
    }
  });

  it("the calendar parses strictly with ical.js", () => {
    ICAL.design.strict = true;
    for (const file of ["maintenances.ics", "fr/maintenances.ics"]) {
      const text = readBuilt(site.outDir, file);
      expect(text).not.toMatch(forbidden);
      const calendar = new ICAL.Component(ICAL.parse(text));
      expect(calendar.getAllSubcomponents("vevent").length).toBe(site.doc.scheduled_maintenances.length);
    }
  });

  it("no page holds a control character, and every page passes html-validate", async () => {
    const pages = builtFiles(site.outDir).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const validator = new HtmlValidate({ root: true, extends: ["html-validate:recommended"] });
    const problems: string[] = [];
    for (const path of pages) {
      const html = readBuilt(site.outDir, path);
      const at = html.search(forbidden);
      if (at >= 0)
        problems.push(`${path}: control character at ${at}: ${JSON.stringify(html.slice(at - 40, at + 5))}`);
      const report = await validator.validateString(html, path);
      for (const r of report.results)
        for (const m of r.messages) problems.push(`${path}:${m.line} ${m.message}`);
    }
    expect(problems).toEqual([]);
    const incident = site.doc.incidents[0];
    const page = readBuilt(site.outDir, `incidents/${incident?.id}/index.html`);
    expect(page).toContain(" bell");
    expect(page).toContain(" end");
  });
});
