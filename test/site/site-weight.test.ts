import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { HtmlValidate } from "html-validate";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { buildFromDocument, buildSite, builtFiles, parseBuilt, readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite } from "./demo-site.ts";
import { fakeSiteDocument } from "./fake-site-document.ts";
import { serveStatic } from "./serve-json.ts";

/** The home page fits in one round trip: HTML and its inline CSS at most 14 KB gzip, JS at most 3 KB. */

const htmlBudget = 14 * 1024;
const jsBudget = 3 * 1024;
const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>';

interface Weight {
  raw: number;
  gzip: number;
  jsGzip: number;
}

/** The home page's weight, counting every script it has inline and every .js file of the build. */
function homeWeight(outDir: string): Weight {
  const html = readBuilt(outDir, "index.html");
  const inline = parse(html)
    .querySelectorAll("script")
    .map((s) => s.innerHTML)
    .join("\n");
  const files = builtFiles(outDir).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"));
  const js = [inline, ...files.map((f) => readBuilt(outDir, f))].join("\n");
  return { raw: Buffer.byteLength(html), gzip: gzipSync(html).length, jsGzip: gzipSync(js).length };
}

describe("with the demo data", () => {
  let site: BuiltDemoSite;
  beforeAll(async () => {
    site = await buildDemoSite();
  }, 120_000);
  afterAll(() => site?.close());

  it("fits the budgets", () => {
    const weight = homeWeight(site.outDir);
    console.info(
      `demo home: ${weight.raw} B raw, ${weight.gzip} B gzip, JS ${weight.jsGzip} B gzip; build ${Math.round(site.build.ms)} ms`,
    );
    expect(weight.gzip).toBeLessThanOrEqual(htmlBudget);
    expect(weight.jsGzip).toBeLessThanOrEqual(jsBudget);
    expect(weight.jsGzip).toBeGreaterThan(500);
  });
});

describe("with 30 components and 10 third-party services, on a French page", () => {
  let doc: SiteDocument;
  let outDir: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = await serveStatic({ "/logo.svg": { type: "image/svg+xml", body: logo } });
    doc = fakeSiteDocument({
      components: 30,
      incidents: 40,
      thirdParty: 10,
      logoUrl: `${server.url}/logo.svg`,
      defaultLocale: "fr",
    });
    close = server.close;
    const built = await buildFromDocument(doc, { liveApiUrl: "https://api.status.test" });
    outDir = built.outDir;
    close = () => Promise.all([server.close(), built.close()]).then(() => {});
  }, 120_000);
  afterAll(() => close?.());

  it("fits the budgets and renders every component without JavaScript", () => {
    const weight = homeWeight(outDir);
    console.info(`30-component home: ${weight.raw} B raw, ${weight.gzip} B gzip, JS ${weight.jsGzip} B gzip`);
    expect(weight.gzip).toBeLessThanOrEqual(htmlBudget);
    expect(weight.jsGzip).toBeLessThanOrEqual(jsBudget);
    const home = parseBuilt(outDir, "index.html");
    const leaves = doc.components.filter((c) => !c.group);
    expect(leaves).toHaveLength(30);
    for (const c of leaves) {
      const el = home.querySelector(`li[data-component-id="${c.id}"]`);
      expect(el?.getAttribute("data-status")).toBe(c.status);
      expect(el?.querySelector(".st")?.text.length).toBeGreaterThan(0);
      expect(el?.querySelector(".bar li")).not.toBeNull();
    }
    const services = home.querySelectorAll("#third-party-title + ul > li");
    expect(services.map((li) => li.getAttribute("data-status"))).toEqual(doc.third_party.map((d) => d.state));
  });

  it("copies the logo into the site and asks nothing from another origin", () => {
    const home = parseBuilt(outDir, "index.html");
    expect(home.querySelector(".brand img")?.getAttribute("src")).toBe("/logo.svg");
    expect(readBuilt(outDir, "logo.svg")).toBe(logo);
    for (const el of home.querySelectorAll("[src], link[href]")) {
      expect(el.getAttribute("src") ?? el.getAttribute("href")).toMatch(/^(\/(?!\/)|data:)/);
    }
    expect(home.querySelector("html")?.getAttribute("style")).toBe("--accent:#7c3aed");
    expect(readBuilt(outDir, "index.html")).not.toMatch(/url\(|@import|@font-face/);
  });

  it("gives shared links the page's name and status, the logo as favicon, and the owner's header links", () => {
    const fr = parseBuilt(outDir, "index.html");
    const en = parseBuilt(outDir, "en/index.html");
    const meta = (page: typeof fr, key: string) =>
      page.querySelector(`meta[name="${key}"], meta[property="${key}"]`)?.getAttribute("content");
    expect(meta(en, "description")).toBe(
      "Fake Cloud status: Partial System Outage. Live incidents, maintenance and uptime.",
    );
    expect(meta(fr, "description")).toBe(
      "État de Fake Cloud : Panne partielle des systèmes. Incidents en cours, maintenances et disponibilité.",
    );
    // Other pages name no status: a change of status does not build every page again.
    const history = parseBuilt(outDir, "en/history/index.html");
    expect(meta(history, "description")).toBe(
      "Fake Cloud status page: live incidents, maintenance and uptime.",
    );
    expect(meta(history, "og:description")).toBe(meta(history, "description"));
    expect(meta(en, "og:title")).toBe("Fake Cloud");
    expect(meta(en, "og:description")).toBe(meta(en, "description"));
    expect(meta(en, "og:url")).toBe("http://status.test/en/");
    expect(meta(fr, "og:locale")).toBe("fr_FR");
    expect(meta(en, "twitter:card")).toBe("summary");
    expect(meta(en, "twitter:title")).toBe("Fake Cloud");
    // Link previews do not read SVG: no og:image for an SVG logo.
    expect(meta(en, "og:image")).toBeUndefined();
    expect(fr.querySelector('link[rel="icon"]')?.getAttribute("href")).toBe("/logo.svg");
    expect(meta(history, "og:url")).toBe("http://status.test/en/history/");
    const links = fr.querySelectorAll("header nav.links a");
    expect(links.map((a) => [a.text, a.getAttribute("href")])).toEqual([
      ["Site web", "https://www.fake-cloud.test/"],
      ["Assistance", "https://help.fake-cloud.test/contact"],
    ]);
    const leaf = doc.components.find((c) => !c.group)!;
    // In the page's language: French here, the original under /en/.
    expect(fr.querySelector(`li[data-component-id="${leaf.id}"] .desc`)?.text).toBe(
      leaf.description_translations.fr,
    );
    expect(fr.querySelector(`li[data-component-id="${leaf.id}"] .name`)?.text).toBe(
      leaf.name_translations.fr,
    );
    expect(en.querySelector(`li[data-component-id="${leaf.id}"] .desc`)?.text).toBe(leaf.description);
  });

  it("serves French at / and English under /en/", () => {
    const fr = parseBuilt(outDir, "index.html");
    const en = parseBuilt(outDir, "en/index.html");
    expect(fr.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(en.querySelector("html")?.getAttribute("lang")).toBe("en");
    expect(fr.querySelector('nav a[hreflang="en"]')?.getAttribute("href")).toBe("/en/");
    expect(en.querySelector('nav a[hreflang="fr"]')?.getAttribute("href")).toBe("/");
    expect(fr.querySelector("#components-title")?.text).toBe("Composants");
    expect(en.querySelector("#components-title")?.text).toBe("Components");
  });

  it("points the live script and the JSON links at SITE_LIVE_API_URL", () => {
    const script = parseBuilt(outDir, "index.html").querySelector("script")?.innerHTML ?? "";
    expect(script).toContain('"url":"https://api.status.test/api/v2/summary.json"');
    const en = parseBuilt(outDir, "en/index.html").querySelector("script")?.innerHTML ?? "";
    expect(en).toContain('"url":"https://api.status.test/api/v2/summary.json?locale=en"');
    const links = parseBuilt(outDir, "subscribe/index.html")
      .querySelectorAll("#feeds a")
      .map((a) => a.getAttribute("href"));
    expect(links).toContain("https://api.status.test/api/v2/summary.json");
  });

  it("paginates the history by 25, grouped by month, newest first", async () => {
    const history = [...doc.incidents, ...doc.scheduled_maintenances.filter((m) => m.status !== "scheduled")];
    expect(history).toHaveLength(42);
    const first = parseBuilt(outDir, "history/index.html");
    const second = parseBuilt(outDir, "history/2/index.html");
    const ids = [first, second].flatMap((p) =>
      p.querySelectorAll(".month li").map((li) => li.getAttribute("data-incident-id")),
    );
    expect(first.querySelectorAll(".month li")).toHaveLength(25);
    const when = (id: string | undefined) => {
      const item = history.find((i) => i.id === id);
      return Date.parse(item?.scheduled_for ?? item?.started_at ?? "");
    };
    expect(ids).toHaveLength(42);
    expect(ids.map(when)).toEqual(ids.map(when).sort((a, b) => b - a));
    const months = first.querySelectorAll(".month h2").map((h) => h.text);
    expect(new Set(months).size).toBe(months.length);
    expect(months[0]).toBe("novembre 2026");
    expect(parseBuilt(outDir, "en/history/index.html").querySelector(".month h2")?.text).toBe(
      "November 2026",
    );
    expect(first.querySelector('a[rel="next"]')?.getAttribute("href")).toBe("/history/2/");
    expect(second.querySelector('a[rel="prev"]')?.getAttribute("href")).toBe("/history/");
    const enFirst = parseBuilt(outDir, "en/history/index.html");
    expect(enFirst.querySelector('a[rel="next"]')?.getAttribute("href")).toBe("/en/history/2/");
    expect(builtFiles(outDir).some((f) => f.startsWith("history/3/"))).toBe(false);
    const validator = new HtmlValidate({ root: true, extends: ["html-validate:recommended"] });
    for (const path of ["index.html", "en/index.html", "history/2/index.html"]) {
      const report = await validator.validateString(readBuilt(outDir, path), path);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${path}: ${m.message}`))).toEqual([]);
    }
  });
});

describe("with 15 busy days of past incidents and 10 third-party services", () => {
  let outDir: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // Three incidents a day (and two maintenances) over the 15 days the home page lists, and the
    // providers' section at its fullest.
    const doc = fakeSiteDocument({ components: 30, incidents: 45, gapHours: 8, thirdParty: 10 });
    ({ outDir, close } = await buildFromDocument(doc));
  }, 120_000);
  afterAll(() => close?.());

  it("fits the budgets in both languages, every day and every provider listed", () => {
    for (const path of ["index.html", "fr/index.html"]) {
      const home = parseBuilt(outDir, path);
      expect(home.querySelectorAll("#past .day")).toHaveLength(15);
      expect(home.querySelectorAll("#third-party-title + ul > li")).toHaveLength(10);
      expect(home.querySelectorAll("#past li.item").length).toBeGreaterThanOrEqual(45);
      const html = readBuilt(outDir, path);
      const inline = home
        .querySelectorAll("script")
        .map((s) => s.innerHTML)
        .join("\n");
      const weight = {
        raw: Buffer.byteLength(html),
        gzip: gzipSync(html).length,
        jsGzip: gzipSync(inline).length,
      };
      console.info(
        `15 busy days and 10 providers, ${path}: ${weight.raw} B raw, ${weight.gzip} B gzip, JS ${weight.jsGzip} B gzip`,
      );
      expect(weight.gzip).toBeLessThanOrEqual(htmlBudget);
      expect(weight.jsGzip).toBeLessThanOrEqual(jsBudget);
      for (const el of home.querySelectorAll("[src], link[href]")) {
        expect(el.getAttribute("src") ?? el.getAttribute("href")).toMatch(/^(\/(?!\/)|data:)/);
      }
    }
    expect(builtFiles(outDir).filter((f) => f.endsWith(".js") || f.endsWith(".mjs"))).toEqual([]);
  });
});

describe("without its data", () => {
  it("fails the build with a message naming SITE_API_URL", async () => {
    const gone = await serveStatic({});
    await gone.close();
    const outDir = mkdtempSync(join(tmpdir(), "vigie-site-"));
    try {
      const result = await buildSite({ apiUrl: gone.url, outDir });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(
        `Cannot build the status page: fetching ${gone.url}/api/site.json failed`,
      );
      expect(result.output).toContain(`SITE_API_URL=${gone.url}`);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
