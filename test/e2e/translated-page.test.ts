import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Served } from "../helpers/serve.ts";
import { type BuiltDemoSite, buildDemoSite } from "../site/demo-site.ts";
import { launchBrowser, textOf } from "./browser.ts";
import { openGroups, viewProblems, widths } from "./page-views.ts";
import { serveStaticSite } from "./serve-site.ts";

/**
 * French pages name components in French, mark an incident written only in English, and a visitor
 * whose browser prefers the other language is offered a link to it (never redirected).
 */

let site: BuiltDemoSite;
let served: Served;
let browser: Browser;
let englishOnly = "";

beforeAll(async () => {
  [site, browser] = await Promise.all([
    buildDemoSite({
      beforeBuild: async (t) => {
        const list = (await t.json("GET", "/api/admin/components")).body.components as {
          id: string;
          name: string;
        }[];
        const id = (name: string) => list.find((c) => c.name === name)!.id;
        const checkout = await t.json("PATCH", `/api/admin/components/${id("Checkout")}`, {
          body: { name_translations: { fr: "Paiement" }, description_translations: { fr: "Cartes et SEPA" } },
        });
        if (checkout.status !== 200) throw new Error(JSON.stringify(checkout.body));
        const group = await t.json("PATCH", `/api/admin/component-groups/${id("Payments")}`, {
          body: { name_translations: { fr: "Paiements" } },
        });
        if (group.status !== 200) throw new Error(JSON.stringify(group.body));
        const incident = await t.json("POST", "/api/admin/incidents", {
          body: {
            name: "Slow search",
            body: "Search answers slowly.",
            components: { [id("API")]: "degraded_performance" },
          },
        });
        if (incident.status !== 201) throw new Error(JSON.stringify(incident.body));
        englishOnly = incident.body.id;
      },
    }),
    launchBrowser(),
  ]);
  served = await serveStaticSite(site.outDir);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await site?.close();
});

const checkoutId = () => site.doc.components.find((c) => c.name === "Checkout")!.id;
const translated = () =>
  site.doc.incidents.find((i) => i.status !== "resolved" && i.name_translations.fr && i.id !== englishOnly)!;

describe("the French home page", () => {
  it.each(widths)(
    "names components in French and marks the incident written in English only, at %i px",
    async (width) => {
      const view = await viewProblems({
        browser,
        url: `${served.url}/fr/`,
        width,
        name: "translated-fr",
        prepare: openGroups,
        browserLocale: "fr-FR",
      });
      try {
        expect(view.problems).toEqual([]);
        const page = view.page;
        const row = page.locator(`li[data-component-id="${checkoutId()}"]`);
        expect(await textOf(row.locator(".name"))).toBe("Paiement");
        expect(await textOf(row.locator(".desc"))).toBe("Cartes et SEPA");
        expect(await textOf(page.locator("summary .name", { hasText: "Paiements" }))).toBe("Paiements");
        // A component without a French name keeps its own.
        expect(await page.locator("li.component .name", { hasText: "Billing" }).count()).toBe(1);

        const english = page.locator(`#active-incidents [data-incident-id="${englishOnly}"] h3`);
        expect(await textOf(english)).toBe("Slow search (en anglais)");
        expect(await english.locator("a").getAttribute("lang")).toBe("en");
        const french = page.locator(`#active-incidents [data-incident-id="${translated().id}"] h3`);
        expect(await textOf(french)).toBe(translated().name_translations.fr);
        // The browser prefers French, as this page is: nothing to offer.
        expect(await page.locator("#lang-offer").isVisible()).toBe(false);
      } finally {
        await view.close();
      }
    },
    90_000,
  );

  it("marks the English-only incident on its own French page too", async () => {
    const view = await viewProblems({
      browser,
      url: `${served.url}/fr/incidents/${englishOnly}/`,
      width: 375,
      name: "translated-fr-incident",
    });
    try {
      expect(view.problems).toEqual([]);
      expect(await textOf(view.page.locator("article h1"))).toBe("Slow search (en anglais)");
      expect(await textOf(view.page.locator("article .affected"))).toContain("Platform - API");
    } finally {
      await view.close();
    }
  }, 90_000);
});

describe("the other language, offered", () => {
  it.each(widths)(
    "offers French to a French browser on the English page at %i px, without moving it",
    async (width) => {
      const view = await viewProblems({
        browser,
        url: `${served.url}/`,
        width,
        name: "language-offer-en",
        prepare: openGroups,
        browserLocale: "fr-FR",
      });
      try {
        expect(view.problems).toEqual([]);
        const offer = view.page.locator("#lang-offer a:visible");
        expect(await offer.count()).toBe(1);
        expect(await textOf(offer)).toBe("Cette page en français");
        expect(await offer.getAttribute("href")).toBe("/fr/");
        expect(await offer.getAttribute("lang")).toBe("fr");
        expect(new URL(view.page.url()).pathname).toBe("/");
        // English pages say nothing about translations.
        expect(await view.page.locator(".lang-note").count()).toBe(0);
      } finally {
        await view.close();
      }
    },
    90_000,
  );

  it("offers English to an English browser on a French page, and nothing to a browser with neither", async () => {
    for (const [browserLocale, visible] of [
      ["en-GB", true],
      ["de-DE", false],
    ] as const) {
      const view = await viewProblems({
        browser,
        url: `${served.url}/fr/history/`,
        width: 375,
        name: `language-offer-${browserLocale}`,
        browserLocale,
      });
      try {
        expect(view.problems).toEqual([]);
        const offer = view.page.locator("#lang-offer");
        expect(await offer.isVisible(), browserLocale).toBe(visible);
        if (visible) {
          expect(await textOf(offer)).toBe("This page in English");
          expect(await offer.locator("a").getAttribute("href")).toBe("/history/");
        }
      } finally {
        await view.close();
      }
    }
  }, 90_000);
});
