import { describe, expect, it } from "vitest";
import { updateComponent } from "../../../../api/domain/components/update-component.ts";
import { systemActor } from "../../../../api/domain/context.ts";
import { loadIncident } from "../../../../api/domain/read/load-page.ts";
import { dependencyChangeRig, stripeOutage } from "./dependency-change-rig.ts";

const { t, m, summary, publicIncidents } = dependencyChangeRig();

describe("draft policy", () => {
  it("drafts one unpublished incident that nobody outside sees, and alerts on-call", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "degraded_performance", set: "degraded_performance" },
    ]);
    await m.subscriber("fan@example.com");
    const before = await summary();

    await m.change(stripe, "major_outage", stripeOutage);

    const [draft] = await m.incidentsOf(stripe);
    expect(draft!.incident.published).toBe(false);
    expect(draft!.incident.name).toBe("Checkout is degraded because of an incident at our provider Stripe");
    expect(draft!.incident.impact).toBe("minor");
    const view = await loadIncident(t.deps, "incident", draft!.incident.id);
    expect(view.nameTranslations.fr).toBe(
      "Checkout est dégradé en raison d'un incident chez notre fournisseur Stripe",
    );
    expect(view.updates[0]!.body).toContain(
      "[Elevated API error rates](https://status.stripe.test/incidents/abc)",
    );
    expect(view.updates[0]!.translations.fr).toContain("Notre fournisseur **Stripe** signale un incident");
    expect(view.updates[0]!.affected).toEqual([
      { componentId: checkout, oldStatus: "operational", newStatus: "degraded_performance" },
    ]);
    // Under the draft policy the public component keeps its status until an admin publishes.
    expect(await m.statusOf(checkout)).toBe("operational");
    expect(await summary()).toEqual(before);
    expect(await publicIncidents()).toEqual([]);
    expect(await m.events("incident.")).toEqual([]);
    expect(await m.events("component.status_changed")).toEqual([]);
    expect(await m.notified()).toEqual([]);

    const [alert] = await m.events("dependency.alert");
    expect(alert!.payload).toMatchObject({
      dependency_id: stripe,
      dependency_name: "Stripe",
      previous_state: "operational",
      state: "major_outage",
      component_ids: [checkout],
      incident_id: draft!.incident.id,
      incident_published: false,
      upstream_incidents: [
        { title: "Elevated API error rates", url: "https://status.stripe.test/incidents/abc" },
      ],
    });
  });

  it("records a worsening as an update of the same draft, still changing nothing public", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "degraded_performance", set: "degraded_performance" },
      { component: checkout, on: "major_outage", set: "major_outage" },
    ]);
    await m.change(stripe, "degraded_performance");
    await m.change(stripe, "major_outage", stripeOutage);
    const links = await m.incidentsOf(stripe);
    expect(links).toHaveLength(1);
    const view = await loadIncident(t.deps, "incident", links[0]!.incident.id);
    expect(view.updates).toHaveLength(2);
    expect(view.updates[0]!.body).toContain("is now: major outage");
    expect(view.updates[0]!.affected).toEqual([
      { componentId: checkout, oldStatus: "operational", newStatus: "major_outage" },
    ]);
    expect(view.incident.impact).toBe("critical");
    expect(view.incident.published).toBe(false);
    expect(await m.statusOf(checkout)).toBe("operational");
    expect(await m.events("incident.")).toEqual([]);
  });

  it("resolves a draft nobody saw, silently, when the provider recovers", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "partial_outage", set: "partial_outage" },
    ]);
    await m.change(stripe, "partial_outage");
    await m.change(stripe, "operational");
    const [link] = await m.incidentsOf(stripe);
    expect(link!.incident.status).toBe("resolved");
    expect(link!.incident.published).toBe(false);
    expect(link!.link.recoveredAt).toEqual(t.clock.now());
    expect(await m.statusOf(checkout)).toBe("operational");
    expect(await m.events("incident.")).toEqual([]);
    expect(await publicIncidents()).toEqual([]);
    const alerts = await m.events("dependency.alert");
    expect(alerts.map((a) => a.payload.state)).toEqual(["partial_outage", "operational"]);
  });

  it("once an admin published it, restores components on recovery and only proposes the resolution", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "partial_outage", set: "partial_outage" },
    ]);
    await m.change(stripe, "major_outage");
    const [draft] = await m.incidentsOf(stripe);
    const published = await t.json("POST", `/api/admin/incidents/${draft!.incident.id}/publish`);
    expect(published.status).toBe(200);
    expect(await m.statusOf(checkout)).toBe("partial_outage");

    await m.change(stripe, "operational");
    const [link] = await m.incidentsOf(stripe);
    expect(await m.statusOf(checkout)).toBe("operational");
    expect(link!.incident.status).toBe("identified");
    expect(link!.link.recoveredAt).toEqual(t.clock.now());
    expect(link!.link.appliedStatuses).toEqual({});

    // Bad again before the admin resolved it: the same incident carries on.
    await m.change(stripe, "major_outage");
    const again = await m.incidentsOf(stripe);
    expect(again).toHaveLength(1);
    expect(again[0]!.link.recoveredAt).toBeNull();
    expect(await m.statusOf(checkout)).toBe("partial_outage");
  });
});

describe("publish policy", () => {
  it("publishes at once, sets the components and notifies their subscribers only", async () => {
    const checkout = await m.component("Checkout");
    const search = await m.component("Search");
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "degraded_performance", set: "partial_outage" }],
      "publish",
    );
    await m.subscriber("checkout@example.com", [checkout]);
    await m.subscriber("search@example.com", [search]);
    await m.subscriber("everything@example.com");

    await m.change(stripe, "partial_outage", stripeOutage);

    const [link] = await m.incidentsOf(stripe);
    expect(link!.incident.published).toBe(true);
    expect(link!.incident.name).toBe(
      "Checkout is partially unavailable because of an incident at our provider Stripe",
    );
    expect(link!.link.appliedStatuses).toEqual({ [checkout]: "partial_outage" });
    expect(await m.statusOf(checkout)).toBe("partial_outage");
    expect(await m.statusOf(search)).toBe("operational");
    const shown = await summary();
    expect(shown.incidents.map((i: { id: string }) => i.id)).toEqual([link!.incident.id]);
    expect(shown.incidents[0].impact).toBe("major");
    expect(shown.components.find((c: { id: string }) => c.id === checkout).status).toBe("partial_outage");
    const sent = await m.notified();
    expect(sent.map((d) => d.address).sort()).toEqual(["checkout@example.com", "everything@example.com"]);
    expect(sent.every((d) => d.kind === "incident-created")).toBe(true);
  });

  it("posts an update when the provider worsens, and resolves and notifies on recovery", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency(
      "Stripe",
      [
        { component: checkout, on: "degraded_performance", set: "degraded_performance" },
        { component: checkout, on: "major_outage", set: "major_outage" },
      ],
      "publish",
    );
    await m.subscriber("ada@example.com", [checkout]);
    await m.change(stripe, "degraded_performance");
    await m.change(stripe, "major_outage");
    expect(await m.incidentsOf(stripe)).toHaveLength(1);
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await m.change(stripe, "operational");
    const [link] = await m.incidentsOf(stripe);
    expect(link!.incident.status).toBe("resolved");
    expect(await m.statusOf(checkout)).toBe("operational");
    const view = await loadIncident(t.deps, "incident", link!.incident.id);
    expect(view.updates.map((u) => u.status)).toEqual(["resolved", "identified", "identified"]);
    expect(view.updates[0]!.body).toBe(
      "Our provider **Stripe** has recovered and our service is back to normal.",
    );
    expect((await m.notified()).map((d) => d.kind)).toEqual([
      "incident-created",
      "incident-updated",
      "incident-resolved",
    ]);
  });

  it("never overwrites an admin's change when the provider recovers", async () => {
    const checkout = await m.component("Checkout");
    const api = await m.component("API");
    const stripe = await m.dependency(
      "Stripe",
      [
        { component: checkout, on: "partial_outage", set: "major_outage" },
        { component: api, on: "partial_outage", set: "partial_outage" },
      ],
      "publish",
    );
    await m.change(stripe, "major_outage");
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await updateComponent({
      ctx: { deps: t.deps, actor: systemActor("admin") },
      input: { status: "degraded_performance", id: api },
    });
    await m.change(stripe, "operational");
    expect(await m.statusOf(checkout)).toBe("operational");
    expect(await m.statusOf(api)).toBe("degraded_performance");
  });

  it("does not lower a status an admin had already made worse", async () => {
    const checkout = await m.component("Checkout", "major_outage");
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "degraded_performance", set: "degraded_performance" }],
      "publish",
    );
    await m.change(stripe, "degraded_performance");
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await m.change(stripe, "operational");
    expect(await m.statusOf(checkout)).toBe("major_outage");
  });
});
