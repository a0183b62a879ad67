import { describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { recordPollResult } from "../../../api/domain/dependencies/record-poll-result.ts";
import type { DependencyState } from "../../../db/schema/enums.ts";
import { outboxEvents } from "../../../db/schema/index.ts";
import { postComponent, testAppForEachTest } from "../../helpers/harness.ts";
import { statuspageDocuments } from "../../helpers/public-documents.ts";

/**
 * Dependencies the owner marks "shown on the page" are listed in the site document with their state,
 * and name the provider on the incidents they open. Nothing about any other dependency is public.
 */

const t = testAppForEachTest();

const monitor = systemActor("monitor");
const publicDocuments = [
  ...statuspageDocuments,
  // What the page's live script reads to build a card the page was not built with.
  "/api/cards.json",
  "/api/cards.json?locale=fr",
];

const component = (name: string) => postComponent(t, name);

async function dependency(body: Record<string, unknown>) {
  const res = await t.json("POST", "/api/admin/dependencies", {
    body: { enabled: false, confirmations: 1, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** What the monitor records after one check that saw `state` (one confirmation is enough here). */
const observe = (id: string, state: DependencyState) =>
  recordPollResult(t.deps, monitor, id, {
    kind: "observed",
    observation: { state, upstreamIncidents: [{ id: "up1", title: "Elevated API errors", state }] },
    validators: {},
  });

const siteDocument = async () => {
  const res = await t.request("GET", "/api/site.json", { token: null });
  expect(res.status).toBe(200);
  return res.text();
};

const pageEvents = async () =>
  (await t.deps.read((db) => db.select().from(outboxEvents))).filter(
    (e) => e.type === "dependency.page_changed",
  ).length;

describe("third-party services on the page", () => {
  it("lists only shown dependencies, with their state, unknown until read", async () => {
    await dependency({
      name: "Stripe",
      description: "Card payments",
      source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      shown_on_page: true,
    });
    await dependency({
      name: "Hidden Vendor Zeta",
      description: "Internal secret vendor",
      source: { kind: "statuspage", base_url: "https://status.zeta.example" },
    });
    const doc = JSON.parse(await siteDocument());
    expect(doc.third_party).toEqual([
      { id: expect.stringMatching(/^dep_/), name: "Stripe", description: "Card payments", state: "unknown" },
    ]);
  });

  it("names a shown provider on the incident its outage opened, and keeps unshown ones out of every public document", async () => {
    const checkout = await component("Checkout");
    const search = await component("Search");
    const shown = await dependency({
      name: "Stripe",
      source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      policy: "publish",
      shown_on_page: true,
      impacts: [{ component_id: checkout, on: "major_outage", set: "partial_outage" }],
    });
    const hidden = await dependency({
      name: "Hidden Vendor Zeta",
      description: "Internal secret vendor",
      source: { kind: "statuspage", base_url: "https://status.zeta.example" },
      impacts: [{ component_id: search, on: "partial_outage", set: "degraded_performance" }],
    });
    await observe(shown, "major_outage");
    await observe(hidden, "partial_outage");

    const text = await siteDocument();
    const doc = JSON.parse(text);
    expect(doc.third_party).toMatchObject([{ id: shown, name: "Stripe", state: "major_outage" }]);
    const opened = doc.incidents.find((i: { component_ids: string[] }) => i.component_ids.includes(checkout));
    expect(opened.provider).toBe("Stripe");
    // The hidden dependency's draft waits for an admin; neither it nor its name is public.
    for (const secret of [hidden, "Hidden Vendor Zeta", "Internal secret vendor"])
      expect(text).not.toContain(secret);
    const cards = await t.json("GET", "/api/cards.json", { token: null });
    expect(cards.body.incidents[opened.id]).toMatchObject({ provider: "Stripe", lang: null });
    for (const path of publicDocuments) {
      const res = await t.request("GET", path, { token: null });
      expect(res.status, path).toBe(200);
      const body = await res.text();
      for (const secret of [hidden, shown, "Hidden Vendor Zeta", "Internal secret vendor", "third_party"])
        expect(body, path).not.toContain(secret);
    }
  });

  it("stops naming a provider once it is hidden again, and rebuilds the page on each change", async () => {
    const checkout = await component("Checkout");
    const id = await dependency({
      name: "Stripe",
      source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      policy: "publish",
      shown_on_page: true,
      impacts: [{ component_id: checkout, on: "major_outage", set: "partial_outage" }],
    });
    expect(await pageEvents()).toBe(1);
    // A first reading says nothing to on-call, but the page shows the new state.
    await observe(id, "operational");
    expect(await pageEvents()).toBe(2);
    expect(JSON.parse(await siteDocument()).third_party[0].state).toBe("operational");
    await observe(id, "major_outage");
    const summary = async () => (await t.request("GET", "/api/v2/summary.json", { token: null })).text();
    const shown = await summary();
    t.clock.advance(1_000);

    const hide = await t.json("PATCH", `/api/admin/dependencies/${id}`, { body: { shown_on_page: false } });
    expect(hide.status).toBe(200);
    expect(hide.body).toMatchObject({ shown_on_page: false });
    expect(await pageEvents()).toBe(3);
    const doc = JSON.parse(await siteDocument());
    expect(doc.third_party).toEqual([]);
    expect(doc.incidents.map((i: { provider: string | null }) => i.provider)).toEqual([null]);
    const cards = await t.json("GET", "/api/cards.json", { token: null });
    expect(Object.values(cards.body.incidents)).toMatchObject([{ provider: null, lang: null }]);
    // The summary changes with it (its updated_at), so an open page reads the cards document again.
    expect(await summary()).not.toBe(shown);
    // Changing a dependency nobody sees does not rebuild the page.
    await t.json("PATCH", `/api/admin/dependencies/${id}`, { body: { name: "Stripe EU" } });
    expect(await pageEvents()).toBe(3);
  });

  it("refuses a description with control characters or over 500 characters, naming the field", async () => {
    const base = { name: "Stripe", source: { kind: "statuspage", base_url: "https://www.stripestatus.com" } };
    const bell = await t.json("POST", "/api/admin/dependencies", {
      body: { ...base, description: "Card\u0007 payments" },
    });
    expect(bell.status).toBe(422);
    expect(JSON.stringify(bell.body)).toContain("description");
    expect(JSON.stringify(bell.body)).toContain("control characters");
    const long = await t.json("POST", "/api/admin/dependencies", {
      body: { ...base, description: "x".repeat(501) },
    });
    expect(long.status).toBe(422);
    expect(JSON.stringify(long.body)).toContain("at most 500 characters");
  });

  it("keeps hostile names and descriptions as text in the document", async () => {
    const hostile = "<img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}";
    await dependency({
      name: hostile,
      description: `</script><script>alert(2)</script>\n${hostile}`,
      source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      shown_on_page: true,
    });
    const doc = JSON.parse(await siteDocument());
    expect(doc.third_party[0]).toMatchObject({
      name: hostile,
      description: `</script><script>alert(2)</script>\n${hostile}`,
    });
  });
});
