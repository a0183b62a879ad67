import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemActor } from "../../api/domain/context.ts";
import { recordPollResult } from "../../api/domain/dependencies/record-poll-result.ts";
import type { DependencyState } from "../../db/schema/enums.ts";
import { dependencies } from "../../db/schema/index.ts";
import type { TestApp } from "../helpers/harness.ts";
import { textOf } from "./browser.ts";
import { demoSiteInBrowser } from "./demo-in-browser.ts";
import { openGroups, widths } from "./page-views.ts";

/**
 * The "Third-party services" section and the provider named on an incident card, in Chromium at
 * desktop and phone widths, in both languages and themes; hostile dependency text stays text.
 */

const hostileName = "<img src=x onerror=alert(1)> {{ 7*7 }} {% if true %}x{% endif %}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile input under test
const hostileDescription = '</p><script>alert("desc")</script> ${7*7} <b>bold</b>';

async function dependency(t: TestApp, body: Record<string, unknown>, state?: DependencyState) {
  const res = await t.json("POST", "/api/admin/dependencies", {
    body: { enabled: false, confirmations: 1, ...body },
  });
  if (res.status !== 201) throw new Error(`dependency: ${JSON.stringify(res.body)}`);
  if (state)
    await recordPollResult(t.deps, systemActor("monitor"), res.body.id, {
      kind: "observed",
      observation: { state, upstreamIncidents: [] },
      validators: {},
    });
  return res.body.id as string;
}

const demo = demoSiteInBrowser({
  beforeBuild: async (t) => {
    const list = await t.json("GET", "/api/admin/components");
    const checkout = list.body.components.find((c: { name: string }) => c.name === "Checkout");
    const source = { kind: "statuspage", base_url: "https://www.stripestatus.com" };
    await dependency(
      t,
      {
        name: "Stripe",
        description: "Card payments",
        source,
        policy: "publish",
        shown_on_page: true,
        impacts: [{ component_id: checkout.id, on: "major_outage", set: "partial_outage" }],
      },
      "major_outage",
    );
    await dependency(t, { name: "AWS / EC2 / eu-west-3", source, shown_on_page: true });
    const hostile = await dependency(
      t,
      { name: hostileName, description: hostileDescription, source, shown_on_page: true },
      "operational",
    );
    // Stored before the API refused control characters: the page drops them.
    await t.deps.write((tx) =>
      tx
        .update(dependencies)
        .set({ description: `${hostileDescription}\u0007` })
        .where(eq(dependencies.id, hostile)),
    );
    await dependency(t, { name: "Hidden Vendor Zeta", source }, "operational");
  },
});

const languages = [
  {
    locale: "en",
    path: "/",
    title: "Third-party services",
    unknown: "Status unknown",
    cause: "Caused by an outage at our provider Stripe",
  },
  {
    locale: "fr",
    path: "/fr/",
    title: "Services tiers",
    unknown: "État inconnu",
    cause: "Causé par une panne chez notre fournisseur Stripe",
  },
] as const;

describe.each(languages)("the $locale home page", ({ locale, path, title, unknown, cause }) => {
  it.each(widths)(
    "lists the shown providers with their state at %i px, axe clean and within the screen",
    async (width) => {
      await demo.view({ path, width, name: `third-party-${locale}`, prepare: openGroups }, async (page) => {
        const section = page.locator("section", { has: page.locator("#third-party-title") });
        expect(await textOf(page.locator("#third-party-title"))).toBe(title);
        const rows = section.locator("li");
        expect(await rows.count()).toBe(3);
        expect(await textOf(section)).not.toContain("Hidden Vendor Zeta");

        const stripe = section.locator("li", { hasText: "Stripe" });
        expect(await stripe.getAttribute("data-status")).toBe("major_outage");
        expect(await textOf(stripe.locator(".desc"))).toBe("Card payments");

        // Unknown is said in words and never drawn green.
        const aws = section.locator("li", { hasText: "AWS / EC2 / eu-west-3" });
        expect(await textOf(aws.locator(".st"))).toBe(unknown);
        const dot = (li: typeof aws) =>
          li
            .locator(".st")
            .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el, "::before").backgroundColor);
        const hostile = section.locator("li").nth(0);
        const green = await dot(hostile);
        expect(await hostile.getAttribute("data-status")).toBe("operational");
        expect(await dot(aws)).not.toBe(green);

        // Markup, template syntax and a stored control character are shown as typed, and run nothing.
        expect(await textOf(hostile.locator(".name"))).toBe(hostileName.replace(/\s+/g, " "));
        expect(await textOf(hostile.locator(".desc"))).toBe(hostileDescription.replace(/\s+/g, " "));
        expect(await page.locator("img[src=x], .third-party b, .third-party script").count()).toBe(0);

        const card = page.locator("#active-incidents .card", { hasText: cause });
        expect(await card.count()).toBe(1);
      });
    },
    90_000,
  );
});

describe("the incident page", () => {
  it("names the provider under the status", async () => {
    const incident = demo.site.doc.incidents.find((i) => i.provider === "Stripe");
    expect(incident).toBeDefined();
    await demo.view(
      { path: `/incidents/${incident!.id}/`, width: 375, name: "third-party-incident" },
      async (page) => {
        expect(await textOf(page.locator("article .provider"))).toBe(languages[0].cause);
      },
    );
  }, 90_000);
});
