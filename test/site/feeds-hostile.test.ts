import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { historyFeed } from "../../site/src/lib/feeds.ts";
import { createSite } from "../../site/src/lib/site.ts";
import { fakeSiteDocument } from "./fake-site-document.ts";

/** Incident names and update text can come from a provider through the monitor: feeds keep them text. */

const dir = mkdtempSync(join(tmpdir(), "vigie-feeds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostileNames = [
  "<script>alert(1)</script><img src=x onerror=alert(2)>",
  "Outage ]]><injected>yes</injected><![CDATA[",
  "Bell\u0007 null\u0000 escape\u001b vertical\u000b form\u000c lone\ud800 surrogate",
  'Tom & Jerry\'s "API" &amp; <b>bold</b>',
];

function feedOf(format: "rss" | "atom", body = "ok") {
  const doc = fakeSiteDocument({ incidents: hostileNames.length });
  doc.incidents.forEach((incident, i) => {
    incident.name = hostileNames[i]!;
    for (const u of incident.incident_updates) u.body = `${body} ${hostileNames[i]}`;
  });
  return historyFeed(createSite(doc, "", null), "en", format);
}

/** xmllint's reading of one XPath expression over the feed, after checking it is well-formed. */
function xpath(xml: string, file: string, expression: string): string {
  const path = join(dir, file);
  writeFileSync(path, xml);
  execFileSync("xmllint", ["--noout", path], { stdio: "pipe" });
  return execFileSync("xmllint", ["--xpath", expression, path], { encoding: "utf8" }).trim();
}

describe("feeds with hostile incident names", () => {
  for (const format of ["rss", "atom"] as const) {
    const titles =
      format === "rss" ? "/rss/channel/item/title" : "//*[local-name()='entry']/*[local-name()='title']";
    it(`${format}: stays well-formed XML and every title is escaped text, never markup`, () => {
      const xml = feedOf(format, "Details: ]]> and \u0001");
      const count = Number(xpath(xml, `hostile.${format}`, `count(${titles})`));
      expect(count).toBe(hostileNames.length);
      for (let i = 1; i <= count; i++) {
        const title = xpath(xml, `hostile.${format}`, `string((${titles})[${i}])`);
        // The title's text is HTML-escaped: a reader that renders it as HTML shows the characters.
        expect(title).not.toMatch(/[<>]/);
        const controls = [...title].filter((c) => c.charCodeAt(0) < 0x20 && !"\t\n\r".includes(c));
        expect(controls).toEqual([]);
      }
      const first = xpath(xml, `hostile.${format}`, `string((${titles})[1])`);
      expect(first).toBe("&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;");
      const second = xpath(xml, `hostile.${format}`, `string((${titles})[2])`);
      expect(second).toBe("Outage ]]&#62;&#60;injected&#62;yes&#60;/injected&#62;&#60;![CDATA[");
      expect(xpath(xml, `hostile.${format}`, "count(//injected)")).toBe("0");
    });
  }
});
