import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { settings } from "../../db/schema/index.ts";
import { textOf } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { openGroups, widths } from "./page-views.ts";

/**
 * What every page has: a favicon, a description and link-preview tags with the page's name and
 * status, the owner's header links (http(s) only, inert whatever they hold), and component
 * descriptions a phone can read.
 */

// Valid http(s), with markup and template syntax in its query: it must stay one inert attribute.
const website = 'https://www.acme.test/?q="><script>alert(1)</script>{{7*7}}';

const demo = demoSiteInBrowser({
  settings: { website_url: website },
  // Stored by other means than the API (an old backup): the page leaves it out.
  beforeBuild: (t) =>
    t.deps
      .write((tx) => tx.update(settings).set({ supportUrl: "javascript:alert(2)" }).where(eq(settings.id, 1)))
      .then(() => undefined),
});

const languages = [
  {
    locale: "en",
    path: "/",
    website: "Website",
    status: "Minor Service Outage",
    intro: "Acme Cloud status: ",
  },
  {
    locale: "fr",
    path: "/fr/",
    website: "Site web",
    status: "Panne mineure du service",
    intro: "État de Acme Cloud : ",
  },
] as const;

describe.each(languages)("the $locale home page", ({ locale, path, website: label, status, intro }) => {
  it.each(widths)(
    "has its favicon, description, preview tags, header link and visible descriptions at %i px",
    async (width) => {
      await demo.view({ path, width, name: `page-basics-${locale}`, prepare: openGroups }, async (page) => {
        expect(demo.site.doc.status.description).toBe("Minor Service Outage");
        const meta = (key: string) =>
          page.locator(`meta[name="${key}"], meta[property="${key}"]`).getAttribute("content");
        expect(await meta("description")).toMatch(new RegExp(`^${intro}${status}\\. `));
        expect(await meta("og:description")).toBe(await meta("description"));
        expect(await meta("og:title")).toBe("Acme Cloud");
        expect(await meta("twitter:card")).toBe("summary");
        expect(await meta("twitter:description")).toBe(await meta("description"));

        // The default favicon, from this site, as an image.
        const icon = await page.locator('link[rel="icon"]').getAttribute("href");
        expect(icon).toBe("/favicon.svg");
        const fetched = await page.request.get(`${demo.url}${icon}`);
        expect(fetched.status()).toBe(200);
        expect(fetched.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
        expect(await fetched.text()).toMatch(/^<svg [^>]*><circle /);

        // One header link: the http(s) one, its markup inert; the javascript: one left out.
        const links = page.locator("header nav.links a");
        expect(await links.count()).toBe(1);
        expect(await textOf(links)).toBe(label);
        expect(await links.getAttribute("href")).toBe(new URL(website).href);
        expect(await links.isVisible()).toBe(true);
        expect(await page.locator("a[href^='javascript:']").count()).toBe(0);

        // Descriptions are on the screen, not in a tooltip.
        for (const description of ["Card and SEPA payments", "The Acme web app and API"]) {
          const owner = demo.site.doc.components.find((c) => c.description === description)!;
          const desc = page.locator(`[data-component-id="${owner.id}"] > .desc`);
          expect(await desc.isVisible(), description).toBe(true);
          expect(await textOf(desc)).toBe(description);
        }
        expect(await page.locator(".component .name[title]").count()).toBe(0);
      });
    },
    90_000,
  );
});
