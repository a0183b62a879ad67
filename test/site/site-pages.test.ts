import type { HTMLElement } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { builtFiles, parseBuilt, readBuilt } from "./build-site.ts";
import { type BuiltDemoSite, buildDemoSite, markdownIncident } from "./demo-site.ts";

/** The demo page built from a real API, read back with an HTML parser. */

let site: BuiltDemoSite;
let doc: SiteDocument;
const page = (path: string) => parseBuilt(site.outDir, path);
const text = (root: HTMLElement, selector: string) => root.querySelector(selector)?.text.trim();

beforeAll(async () => {
  site = await buildDemoSite({ extras: true });
  doc = site.doc;
}, 120_000);

afterAll(() => site?.close());

const byName = (name: string) => {
  const found = doc.components.find((c) => c.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
};
const incident = (name: string) => {
  const found = doc.incidents.find((i) => i.name === name);
  if (!found) throw new Error(`no incident ${name}`);
  return found;
};

describe("home page", () => {
  it("shows the page status and every component with its current status", () => {
    const home = page("index.html");
    expect(home.querySelector("html")?.getAttribute("lang")).toBe("en");
    expect(home.querySelector("#status")?.getAttribute("data-indicator")).toBe(doc.status.indicator);
    expect(text(home, "#status-description")).toBe(doc.status.description);
    for (const c of doc.components) {
      const el = home.querySelector(`[data-component-id="${c.id}"]`);
      expect(el?.getAttribute("data-status"), c.name).toBe(c.status);
    }
    expect(text(home, `[data-component-id="${byName("Checkout").id}"] .st`)).toBe("Partial outage");
    expect(text(home, `[data-component-id="${byName("Website").id}"] .st`)).toBe("Operational");
  });

  it("puts components in collapsible groups, open when the group is degraded", () => {
    const home = page("index.html");
    const groups = doc.components.filter((c) => c.group);
    expect(groups.map((g) => g.name)).toEqual(["Platform", "Payments", "Notifications"]);
    for (const g of groups) {
      const details = home.querySelector(`details[data-component-id="${g.id}"]`);
      expect(text(details as HTMLElement, "summary .name")).toBe(g.name);
      expect(details?.hasAttribute("open"), g.name).toBe(g.status !== "operational");
      const children = details
        ?.querySelectorAll("li[data-component-id]")
        .map((li) => li.getAttribute("data-component-id"));
      expect(children).toEqual(g.components);
    }
  });

  it("hides a component shown only while degraded when it is operational", () => {
    const ftp = byName("Legacy FTP import");
    expect(ftp.only_show_if_degraded).toBe(true);
    expect(page("index.html").querySelector(`[data-component-id="${ftp.id}"]`)?.hasAttribute("hidden")).toBe(
      true,
    );
    expect(
      page("index.html")
        .querySelector(`[data-component-id="${byName("API").id}"]`)
        ?.hasAttribute("hidden"),
    ).toBe(false);
  });

  it("draws a 90-day uptime bar for showcase components only, with the uptime of the period", () => {
    const home = page("index.html");
    const checkout = byName("Checkout");
    const bar = home.querySelector(`[data-component-id="${checkout.id}"] .bar`);
    const days = bar
      ?.querySelectorAll("li")
      .reduce((n, li) => n + Number(/--n:(\d+)/.exec(li.getAttribute("style") ?? "")?.[1] ?? 1), 0);
    expect(days).toBe(90);
    const percent = doc.uptime[checkout.id]?.uptime_percent ?? 0;
    expect(percent).toBeLessThan(100);
    const shown = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 2 }).format(
      percent / 100,
    );
    expect(text(home, `[data-component-id="${checkout.id}"] .percent`)).toBe(`${shown} uptime`);
    expect(home.querySelector(`[data-component-id="${byName("Documentation").id}"] .bar`)).toBeNull();
  });

  it("gives each day its date, status and incidents, readable without JavaScript and by keyboard", () => {
    const webhooks = byName("Webhooks");
    const bad = doc.uptime[webhooks.id]?.days.find((d) => d.incidents.length > 0);
    expect(bad?.status).toBe("degraded_performance");
    const day = page("index.html").querySelector(
      `[data-component-id="${webhooks.id}"] li[data-date="${bad?.date}"]`,
    );
    expect(day?.getAttribute("tabindex")).toBe("0");
    expect(day?.querySelector(".tip time")?.getAttribute("datetime")).toBe(bad?.date);
    expect(day?.text).toBe("Nov 24, 2026: Degraded performance (1 h 15 min). Delayed webhook deliveries");
    expect(day?.querySelector("a")?.getAttribute("href")).toBe(
      `/incidents/${incident("Delayed webhook deliveries").id}/`,
    );
    const quiet = page("index.html").querySelector(`[data-component-id="${webhooks.id}"] li[style]`);
    expect(quiet?.text).toMatch(/^\w{3} \d+, 2026 – \w{3} \d+, 2026: Operational$/);
  });

  it("lists active incidents with their latest update, and upcoming maintenance", () => {
    const home = page("index.html");
    const open = incident("Elevated error rates on checkout");
    const card = home.querySelector(`#active-incidents [data-incident-id="${open.id}"]`);
    expect(text(card as HTMLElement, "h3 a")).toBe(open.name);
    expect(text(card as HTMLElement, "strong")).toBe("Identified");
    expect(text(card as HTMLElement, ".md")).toBe(open.incident_updates[0]?.body);
    expect(home.querySelectorAll("#active-incidents article")).toHaveLength(1);
    const maintenance = doc.scheduled_maintenances[0];
    expect(text(home, `#maintenance-next [data-incident-id="${maintenance?.id}"] h3`)).toBe(
      "Database upgrade",
    );
    expect(home.querySelector("#maintenance-now")).toBeNull();
  });

  it("links to the history and subscribe pages, and loads nothing from elsewhere", () => {
    const home = page("index.html");
    const links = home.querySelectorAll("a").map((a) => a.getAttribute("href"));
    expect(links).toContain("/history/");
    expect(links).toContain("/subscribe/");
    for (const el of home.querySelectorAll("[src], link[href]")) {
      expect(el.getAttribute("src") ?? el.getAttribute("href")).toMatch(/^(\/(?!\/)|data:)/);
    }
    expect(home.querySelectorAll("script[src]")).toHaveLength(0);
    // The live script, and the few bytes that offer the other language (the same on every page).
    expect(home.querySelectorAll("script")).toHaveLength(2);
    expect(home.querySelectorAll("script[data-language-offer]")).toHaveLength(1);
  });
});

describe("incident pages", () => {
  it("show the whole timeline newest first, in the page's time zone and as machine-readable times", () => {
    const item = incident("Delayed webhook deliveries");
    const html = page(`incidents/${item.id}/index.html`);
    expect(text(html, "h1")).toBe(item.name);
    const updates = html.querySelectorAll("[data-update-id]");
    expect(updates.map((u) => u.getAttribute("data-update-id"))).toEqual(
      item.incident_updates.map((u) => u.id),
    );
    expect(updates.map((u) => text(u, "h3"))).toEqual([
      "Resolved",
      "Monitoring",
      "Identified",
      "Investigating",
    ]);
    const times = updates.map((u) => u.querySelector("time")?.getAttribute("datetime") ?? "");
    expect(times).toEqual(item.incident_updates.map((u) => u.display_at));
    expect([...times].sort().reverse()).toEqual(times);
    // Resolved at 11:15 UTC: 12:15 in Paris, where the demo page lives.
    expect(times[0]).toBe("2026-11-24T12:15:00.000+01:00");
    expect(text(updates[0] as HTMLElement, "time")).toMatch(/^Nov 24, 2026, 12:15\sPM GMT\+1$/);
    expect(html.querySelectorAll(".affected li").map((li) => li.text)).toEqual(["Notifications - Webhooks"]);
  });

  it("render markdown without letting raw HTML through, and show a published postmortem", () => {
    const item = incident(markdownIncident.name);
    const raw = readBuilt(site.outDir, `incidents/${item.id}/index.html`);
    const html = page(`incidents/${item.id}/index.html`);
    // No script or image from the text. The two scripts are the page's own: times in the visitor's
    // zone and the fixed language offer, both after the content.
    expect(html.querySelectorAll("main script, main img, script[src]")).toHaveLength(0);
    const scripts = html.querySelectorAll("script");
    expect(scripts.map((s) => s.innerHTML.includes("function localTimes("))).toEqual([true, false]);
    expect(scripts[1]?.hasAttribute("data-language-offer")).toBe(true);
    expect(scripts[1]?.innerHTML).toBe(
      parseBuilt(site.outDir, "history/index.html").querySelector("script[data-language-offer]")?.innerHTML,
    );
    expect(scripts.map((s) => s.innerHTML).join("")).not.toContain("xss");
    expect(raw).toContain("&lt;script&gt;alert(&quot;stored xss&quot;)&lt;/script&gt;");
    const links = html.querySelectorAll(".md a");
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "https://help.example/outage",
      "https://status.example/faq",
    ]);
    for (const a of links) expect(a.getAttribute("rel")).toBe("nofollow noopener");
    expect(text(html, "#postmortem h2")).toBe("Postmortem");
    expect(text(html, "#postmortem h3")).toBe("Root cause");
    expect(text(html, "#postmortem em")).toBe("config");
    expect(raw).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("exist for maintenance, with the scheduled window", () => {
    const m = doc.scheduled_maintenances[0];
    const html = page(`maintenances/${m?.id}/index.html`);
    expect(text(html, "h1")).toBe("Database upgrade");
    expect(html.querySelectorAll(".window time").map((t) => t.getAttribute("datetime"))).toEqual([
      m?.scheduled_for,
      m?.scheduled_until,
    ]);
  });
});

describe("French pages", () => {
  it("live under /fr/ with French text, translated incidents and dates, and a switch back", () => {
    const home = page("fr/index.html");
    expect(home.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(doc.status.description).toBe("Minor Service Outage");
    expect(text(home, "#status-description")).toBe("Panne mineure du service");
    expect(text(home, "#components-title")).toBe("Composants");
    expect(text(home, "#active-incidents h3 a")).toBe("Taux d'erreur élevé sur le paiement");
    const percent = (doc.uptime[byName("Checkout").id]?.uptime_percent ?? 0) / 100;
    const shown = new Intl.NumberFormat("fr", { style: "percent", maximumFractionDigits: 2 }).format(percent);
    expect(shown).toMatch(/,/);
    expect(text(home, `[data-component-id="${byName("Checkout").id}"] .percent`)).toBe(
      `${shown} de disponibilité`,
    );
    expect(home.querySelector('nav a[hreflang="en"]')?.getAttribute("href")).toBe("/");
    expect(page("index.html").querySelector('nav a[hreflang="fr"]')?.getAttribute("href")).toBe("/fr/");

    const item = incident("Delayed webhook deliveries");
    const html = page(`fr/incidents/${item.id}/index.html`);
    expect(html.querySelector("html")?.getAttribute("lang")).toBe("fr");
    expect(text(html, "h1")).toBe("Livraison des webhooks retardée");
    expect(text(html, "[data-update-id] h3")).toBe("Résolu");
    expect(text(html, "[data-update-id] .md")).toBe(item.incident_updates[0]?.translations.fr);
    expect(text(html, "[data-update-id] time")).toMatch(/^24 nov\. 2026, 12:15 UTC\+1$/);
    expect(html.querySelector('nav a[hreflang="en"]')?.getAttribute("href")).toBe(`/incidents/${item.id}/`);
  });
});

describe("history, subscribe and 404 pages", () => {
  it("history lists incidents newest first, grouped by month, in each locale", () => {
    const start = (i: SiteDocument["incidents"][number]) => i.scheduled_for ?? i.started_at;
    const items = [
      ...doc.incidents,
      ...doc.scheduled_maintenances.filter((m) => m.status !== "scheduled"),
    ].sort((a, b) => Date.parse(start(b)) - Date.parse(start(a)));
    expect(items.length).toBeLessThanOrEqual(25);
    const html = page("history/index.html");
    const ids = html.querySelectorAll(".month li").map((li) => li.getAttribute("data-incident-id"));
    expect(ids).toEqual(items.map((i) => i.id));
    // The API writes times in the page's zone: their first 7 characters are the local month.
    const months = [...new Set(items.map((i) => start(i).slice(0, 7)))];
    const sections = html.querySelectorAll("section.month");
    expect(sections.map((s) => s.querySelector("h2")?.getAttribute("id"))).toEqual(
      months.map((m) => `m-${m}`),
    );
    for (const section of sections) {
      const month = section.querySelector("h2")?.getAttribute("id")?.slice(2);
      for (const li of section.querySelectorAll("li")) {
        const item = items.find((i) => i.id === li.getAttribute("data-incident-id"));
        expect(item && start(item).slice(0, 7)).toBe(month);
      }
    }
    expect(text(html, ".month h2")).toBe("November 2026");
    expect(text(page("fr/history/index.html"), ".month h2")).toBe("novembre 2026");
    // On French pages an item with no French text says which language it is in.
    const frHistory = page("fr/history/index.html");
    let untranslated = 0;
    for (const item of items) {
      const link = frHistory.querySelector(`li[data-incident-id="${item.id}"] > a`);
      const english = !item.name_translations.fr && !item.incident_updates.some((u) => u.translations.fr);
      if (english) untranslated++;
      expect(link?.querySelector(".lang-note")?.text ?? null, item.id).toBe(english ? "(en anglais)" : null);
      expect(link?.querySelector("span")?.getAttribute("lang") ?? null, item.id).toBe(english ? "en" : null);
    }
    expect(untranslated).toBeGreaterThan(0);
    expect(builtFiles(site.outDir).filter((f) => f.startsWith("history/"))).toEqual(["history/index.html"]);
  });

  it("subscribe shows the feeds and the JSON API", () => {
    const links = page("subscribe/index.html")
      .querySelectorAll("#feeds a")
      .map((a) => a.getAttribute("href"));
    expect(links).toEqual([
      "/history.rss",
      "/history.atom",
      "/maintenances.ics",
      "/badge.svg",
      "/api/v2/summary.json",
    ]);
    const fr = page("fr/subscribe/index.html")
      .querySelectorAll("#feeds a")
      .map((a) => a.getAttribute("href"));
    expect(fr).toEqual([
      "/fr/history.rss",
      "/fr/history.atom",
      "/fr/maintenances.ics",
      "/badge.svg",
      "/api/v2/summary.json?locale=fr",
    ]);
  });

  it("has a 404 page and a status badge", () => {
    expect(text(page("404.html"), "h1")).toBe("Page not found");
    const badge = readBuilt(site.outDir, "badge.svg");
    expect(badge).toContain("Minor Service Outage");
    expect(badge).toContain('fill="#9a6700"');
  });
});
