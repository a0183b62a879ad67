import { describe, expect, it } from "vitest";
import { textOf } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { openGroups, widths } from "./page-views.ts";

/**
 * French pages name components in French, mark an incident written only in English, and a visitor
 * whose browser prefers the other language is offered a link to it (never redirected).
 */

let englishOnly = "";

const demo = demoSiteInBrowser({
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
});

const checkoutId = () => demo.site.doc.components.find((c) => c.name === "Checkout")!.id;
const translated = () =>
  demo.site.doc.incidents.find(
    (i) => i.status !== "resolved" && i.name_translations.fr && i.id !== englishOnly,
  )!;

describe("the French home page", () => {
  it.each(widths)(
    "names components in French and marks the incident written in English only, at %i px",
    async (width) => {
      const options = {
        path: "/fr/",
        width,
        name: "translated-fr",
        prepare: openGroups,
        browserLocale: "fr-FR",
      };
      await demo.view(options, async (page) => {
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
      });
    },
    90_000,
  );

  it("marks the English-only incident on its own French page too", async () => {
    await demo.view(
      { path: `/fr/incidents/${englishOnly}/`, width: 375, name: "translated-fr-incident" },
      async (page) => {
        expect(await textOf(page.locator("article h1"))).toBe("Slow search (en anglais)");
        expect(await textOf(page.locator("article .affected"))).toContain("Platform - API");
      },
    );
  }, 90_000);
});

describe("the other language, offered", () => {
  it.each(widths)(
    "offers French to a French browser on the English page at %i px, without moving it",
    async (width) => {
      const options = {
        path: "/",
        width,
        name: "language-offer-en",
        prepare: openGroups,
        browserLocale: "fr-FR",
      };
      await demo.view(options, async (page) => {
        const offer = page.locator("#lang-offer a:visible");
        expect(await offer.count()).toBe(1);
        expect(await textOf(offer)).toBe("Cette page en français");
        expect(await offer.getAttribute("href")).toBe("/fr/");
        expect(await offer.getAttribute("lang")).toBe("fr");
        expect(new URL(page.url()).pathname).toBe("/");
        // English pages say nothing about translations.
        expect(await page.locator(".lang-note").count()).toBe(0);
      });
    },
    90_000,
  );

  it("offers English to an English browser on a French page, and nothing to a browser with neither", async () => {
    for (const [browserLocale, visible] of [
      ["en-GB", true],
      ["de-DE", false],
    ] as const) {
      const options = {
        path: "/fr/history/",
        width: 375,
        name: `language-offer-${browserLocale}`,
        browserLocale,
      };
      await demo.view(options, async (page) => {
        const offer = page.locator("#lang-offer");
        expect(await offer.isVisible(), browserLocale).toBe(visible);
        if (visible) {
          expect(await textOf(offer)).toBe("This page in English");
          expect(await offer.locator("a").getAttribute("href")).toBe("/history/");
        }
      });
    }
  }, 90_000);
});
