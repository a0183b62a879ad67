import { describe, expect, it } from "vitest";
import type { ComponentStatus } from "../../../db/schema/enums.ts";
import { renderMarkdown } from "../../../site/src/lib/markdown.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";
import { monitorRigForEachTest } from "../../helpers/monitor-incident-rig.ts";

const t = testAppForEachTest();
const m = monitorRigForEachTest(t);

const publicIncidentIds = async (path = "/api/v2/incidents.json") =>
  (await t.json("GET", path, { token: null })).body.incidents.map((i: { id: string }) => i.id);

/** A component, a Stripe dependency on it under the draft policy, and the draft its outage opened. */
async function draftOutage(set: ComponentStatus = "partial_outage") {
  const checkout = await m.component("Checkout");
  const stripe = await m.dependency("Stripe", [{ component: checkout, on: "degraded_performance", set }]);
  await m.change(stripe, "major_outage", [
    { id: "x", title: "API errors", url: "https://status.stripe.test/x", state: "major_outage" },
  ]);
  const [link] = await m.incidentsOf(stripe);
  return { checkout, stripe, id: link!.incident.id };
}

describe("POST /api/admin/incidents/:id/publish", () => {
  it("publishes a draft as if just created: public, components set, subscribers notified", async () => {
    const { checkout, id } = await draftOutage();
    await m.subscriber("checkout@example.com", [checkout]);
    expect(await publicIncidentIds()).toEqual([]);
    expect(await m.notified()).toEqual([]);

    const res = await t.json("POST", `/api/admin/incidents/${id}/publish`, { token: t.tokens.editor });
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect(res.body.components.map((c: { id: string }) => c.id)).toEqual([checkout]);
    expect(await publicIncidentIds()).toEqual([id]);
    expect(await publicIncidentIds("/api/v2/incidents/unresolved.json")).toEqual([id]);
    const summary = (await t.json("GET", "/api/v2/summary.json", { token: null })).body;
    expect(summary.components.find((c: { id: string }) => c.id === checkout).status).toBe("partial_outage");
    expect(summary.incidents[0].incident_updates[0].affected_components).toEqual([
      { code: checkout, name: "Checkout", old_status: "operational", new_status: "partial_outage" },
    ]);
    const site = (await t.json("GET", "/api/site.json", { token: null })).body;
    expect(site.incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(await m.notified()).toEqual([
      { address: "checkout@example.com", kind: "incident-created", incidentId: id },
    ]);
    const [created] = await m.events("incident.created");
    expect(created!.payload).toMatchObject({ incident_id: id, deliver_notifications: true });
  });

  it("applies the admin's edits, and notifies nobody when asked not to", async () => {
    const { checkout, id } = await draftOutage();
    await m.subscriber("all@example.com");
    const res = await t.json("POST", `/api/admin/incidents/${id}/publish`, {
      body: {
        name: "Payments are slow",
        name_translations: { fr: "Les paiements sont lents" },
        body: "Card payments are slow because of our payment provider.",
        components: { [checkout]: "degraded_performance" },
        deliver_notifications: false,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Payments are slow");
    expect(res.body.name_translations.fr).toBe("Les paiements sont lents");
    expect(res.body.incident_updates[0].body).toBe("Card payments are slow because of our payment provider.");
    expect(res.body.incident_updates[0].translations.fr).toContain("Stripe");
    expect(res.body.impact).toBe("minor");
    expect(await m.statusOf(checkout)).toBe("degraded_performance");
    expect(await m.notified()).toEqual([]);
    const fr = (await t.json("GET", "/api/v2/incidents.json?locale=fr", { token: null })).body;
    expect(fr.incidents[0].name).toBe("Les paiements sont lents");
  });

  it("does not lower a component an admin has made worse since the draft", async () => {
    const { checkout, id } = await draftOutage("degraded_performance");
    await t.json("PATCH", `/api/admin/components/${checkout}`, { body: { status: "major_outage" } });
    expect((await t.json("POST", `/api/admin/incidents/${id}/publish`)).status).toBe(200);
    expect(await m.statusOf(checkout)).toBe("major_outage");
  });

  it("answers 409 when already published, 404 for an unknown id, 403 for a viewer, 422 for bad edits", async () => {
    const { id } = await draftOutage();
    const viewer = await t.json("POST", `/api/admin/incidents/${id}/publish`, { token: t.tokens.viewer });
    expect(viewer.status).toBe(403);
    const bad = await t.json("POST", `/api/admin/incidents/${id}/publish`, {
      body: { components: { cmp_nope: "broken" }, colour: "red" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/colour|components/);
    const unknownComponent = await t.json("POST", `/api/admin/incidents/${id}/publish`, {
      body: { components: { cmp_nope: "major_outage" } },
    });
    expect(unknownComponent.status).toBe(422);
    expect(unknownComponent.body.error.message).toContain("cmp_nope");
    expect(await publicIncidentIds()).toEqual([]);

    expect((await t.json("POST", `/api/admin/incidents/${id}/publish`)).status).toBe(200);
    const again = await t.json("POST", `/api/admin/incidents/${id}/publish`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Incident ${id} is already published; post an update to change it.`,
    );
    const missing = await t.json("POST", "/api/admin/incidents/inc_missing/publish");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("inc_missing");
  });
});

describe("drafts in the admin API", () => {
  it("lists drafts apart with ?published=false and shows the flag", async () => {
    const { id } = await draftOutage();
    const open = await t.json("POST", "/api/admin/incidents", { body: { name: "Manual", body: "x" } });
    const drafts = await t.json("GET", "/api/admin/incidents?published=false");
    expect(drafts.body.incidents.map((i: { id: string; published: boolean }) => [i.id, i.published])).toEqual(
      [[id, false]],
    );
    const published = await t.json("GET", "/api/admin/incidents?published=true");
    expect(published.body.incidents.map((i: { id: string }) => i.id)).toEqual([open.body.id]);
    expect((await t.json("GET", "/api/admin/incidents")).body.incidents).toHaveLength(2);
    expect((await t.json("GET", "/api/admin/incidents?published=maybe")).status).toBe(422);
  });

  it("keeps a draft private through edits, updates and resolution until it is published", async () => {
    const { checkout, id } = await draftOutage();
    await m.subscriber("all@example.com");
    const before = (await t.json("GET", "/api/v2/summary.json", { token: null })).body;
    expect((await t.json("PATCH", `/api/admin/incidents/${id}`, { body: { name: "Renamed" } })).status).toBe(
      200,
    );
    const update = await t.json("POST", `/api/admin/incidents/${id}/updates`, {
      body: {
        status: "monitoring",
        body: "Better",
        components: { [checkout]: "major_outage" },
        deliver_notifications: true,
      },
    });
    expect(update.status).toBe(201);
    expect((await t.json("POST", `/api/admin/incidents/${id}/resolve`)).status).toBe(200);
    expect(await m.statusOf(checkout)).toBe("operational");
    expect((await t.json("GET", "/api/v2/summary.json", { token: null })).body).toEqual(before);
    expect(await publicIncidentIds()).toEqual([]);
    expect((await t.json("GET", "/api/site.json", { token: null })).body.incidents).toEqual([]);
    expect(await m.events("incident.")).toEqual([]);
    expect(await m.notified()).toEqual([]);

    // Published after the fact, it shows as resolved and leaves the live components alone.
    expect((await t.json("POST", `/api/admin/incidents/${id}/publish`)).status).toBe(200);
    const shown = (await t.json("GET", "/api/v2/incidents.json", { token: null })).body.incidents;
    expect(shown.map((i: { id: string; status: string; name: string }) => [i.id, i.status, i.name])).toEqual([
      [id, "resolved", "Renamed"],
    ]);
    expect(await m.statusOf(checkout)).toBe("operational");
    expect((await m.notified()).map((d) => d.kind)).toEqual(["incident-resolved"]);
  });

  it("refuses component edits when publishing a draft that is already resolved", async () => {
    const { checkout, stripe, id } = await draftOutage();
    await m.change(stripe, "operational");
    const res = await t.json("POST", `/api/admin/incidents/${id}/publish`, {
      body: { components: { [checkout]: "major_outage" } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("already resolved");
  });
});

describe("upstream text on the public page", () => {
  it("renders an upstream title with HTML and markdown as inert text", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "major_outage", set: "major_outage" }],
      "publish",
    );
    const title =
      '<script>alert(1)</script> [click](javascript:alert(1)) **loud** <img src=x onerror="alert(2)">';
    await m.change(stripe, "major_outage", [
      { id: "a", title, url: "https://status.stripe.test/incidents/a(b)", state: "major_outage" },
      { id: "b", title: "Second", url: "javascript:alert(3)", state: "major_outage" },
    ]);
    const site = (await t.json("GET", "/api/site.json", { token: null })).body;
    const body: string = site.incidents[0].incident_updates[0].body;
    expect(body).not.toMatch(/<script|<img/i);
    const html = renderMarkdown(body);
    expect(html).not.toMatch(/<script|<img|<strong>loud|href="javascript/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('href="https://status.stripe.test/incidents/a%28b%29"');
    expect(html).toContain("<li>Second</li>");
    const raw = (await t.json("GET", "/api/v2/incidents.json", { token: null })).body.incidents[0];
    expect(raw.incident_updates[0].body).toBe(body);
  });
});
