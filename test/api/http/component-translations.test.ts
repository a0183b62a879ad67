import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadIncident, loadPage } from "../../../api/domain/read/load-page.ts";
import { templateIncidentInput } from "../../../api/notifier/incident-news.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

/** Component and group names and descriptions in French: stored, served, and used for French readers. */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function setUp() {
  const group = await t.json("POST", "/api/admin/component-groups", {
    body: {
      name: "Payments",
      description: "Checkout and invoicing",
      name_translations: { fr: "Paiements" },
      description_translations: { fr: "Paiement et facturation" },
    },
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  const checkout = await t.json("POST", "/api/admin/components", {
    body: {
      name: "Checkout",
      description: "Card payments",
      group_id: group.body.id,
      name_translations: { fr: "Paiement" },
      description_translations: { fr: "Paiements par carte" },
    },
  });
  expect(checkout.status, JSON.stringify(checkout.body)).toBe(201);
  return { group: group.body.id as string, checkout: checkout.body.id as string };
}

describe("component translations", () => {
  it("are stored and returned by the admin API, and replaced whole by a PATCH", async () => {
    const { group, checkout } = await setUp();
    const got = await t.json("GET", `/api/admin/components/${checkout}`);
    expect(got.body).toMatchObject({
      name: "Checkout",
      name_translations: { fr: "Paiement" },
      description_translations: { fr: "Paiements par carte" },
    });
    const patched = await t.json("PATCH", `/api/admin/components/${checkout}`, {
      body: { name_translations: { fr: "Caisse" }, description_translations: {} },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name_translations: { fr: "Caisse" }, description_translations: {} });
    const g = await t.json("PATCH", `/api/admin/component-groups/${group}`, {
      body: { name_translations: {} },
    });
    expect(g.status, JSON.stringify(g.body)).toBe(200);
    expect(g.body.name_translations).toEqual({});
  });

  it("refuse a control character, an unknown language or a blank name, naming the field", async () => {
    const { checkout } = await setUp();
    for (const [body, field] of [
      [{ name_translations: { fr: "Pai\u0007ement" } }, "name_translations"],
      [{ name_translations: { de: "Kasse" } }, "name_translations"],
      [{ name_translations: { fr: "   " } }, "name_translations"],
      [{ description_translations: { fr: "a\u0000b" } }, "description_translations"],
    ] as const) {
      const res = await t.json("PATCH", `/api/admin/components/${checkout}`, { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it("go to the site document, and the public JSON speaks French with ?locale=fr only", async () => {
    const { checkout } = await setUp();
    const site = await t.json("GET", "/api/site.json", { token: null });
    expect(site.body.components.find((c: { id: string }) => c.id === checkout)).toMatchObject({
      name: "Checkout",
      name_translations: { fr: "Paiement" },
      description_translations: { fr: "Paiements par carte" },
    });
    const fr = await t.json("GET", "/api/v2/components.json?locale=fr", { token: null });
    expect(fr.body.components.find((c: { id: string }) => c.id === checkout)).toMatchObject({
      name: "Paiement",
      description: "Paiements par carte",
    });
    const en = await t.json("GET", "/api/v2/components.json", { token: null });
    const plain = en.body.components.find((c: { id: string }) => c.id === checkout);
    expect(plain).toMatchObject({ name: "Checkout", description: "Card payments" });
    expect(plain).not.toHaveProperty("name_translations");
  });

  it("name the components in French in French emails and SMS, and in English otherwise", async () => {
    const { checkout } = await setUp();
    const created = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Card errors", body: "Some cards fail.", components: { [checkout]: "partial_outage" } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const view = await loadIncident(t.deps, "incident", created.body.id);
    const { components } = await loadPage(t.deps);
    const index = new Map(components.map((c) => [c.id, c]));
    const input = (locale: "en" | "fr") =>
      templateIncidentInput(view, null, locale, index, "https://status.example").incident.components;
    expect(input("fr")).toEqual([{ name: "Paiement", status: "partial_outage" }]);
    expect(input("en")).toEqual([{ name: "Checkout", status: "partial_outage" }]);
  });
});
