import { describe, expect, it } from "vitest";
import { loadIncident } from "../../../../api/domain/read/load-page.ts";
import { dependencyChangeRig } from "./dependency-change-rig.ts";

const { t, m } = dependencyChangeRig();

describe("several dependencies", () => {
  it("shows the worst impact on a shared component, whatever the order they fail and recover in", async () => {
    for (const order of [
      ["aws", "stripe"],
      ["stripe", "aws"],
    ]) {
      const checkout = await m.component(`Checkout ${order.join("-")}`);
      const ids: Record<string, string> = {
        aws: await m.dependency(
          "AWS",
          [{ component: checkout, on: "major_outage", set: "partial_outage" }],
          "publish",
        ),
        stripe: await m.dependency(
          "Stripe",
          [{ component: checkout, on: "major_outage", set: "major_outage" }],
          "publish",
        ),
      };
      await m.change(ids[order[0]!]!, "major_outage");
      await m.change(ids[order[1]!]!, "major_outage");
      expect(await m.statusOf(checkout)).toBe("major_outage");
      await m.change(ids.stripe!, "operational");
      expect(await m.statusOf(checkout)).toBe("partial_outage");
      await m.change(ids.aws!, "operational");
      expect(await m.statusOf(checkout)).toBe("operational");
    }
  });

  it("hands a component back to the worse provider when the milder one recovers first", async () => {
    const checkout = await m.component("Checkout");
    const aws = await m.dependency(
      "AWS",
      [{ component: checkout, on: "major_outage", set: "partial_outage" }],
      "publish",
    );
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "major_outage", set: "major_outage" }],
      "publish",
    );
    await m.change(stripe, "major_outage");
    await m.change(aws, "major_outage");
    await m.change(aws, "operational");
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await m.change(stripe, "operational");
    expect(await m.statusOf(checkout)).toBe("operational");
  });

  it("lets a provider that turned unknown keep what it set while another one changes", async () => {
    const checkout = await m.component("Checkout");
    const aws = await m.dependency(
      "AWS",
      [{ component: checkout, on: "major_outage", set: "major_outage" }],
      "publish",
    );
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "degraded_performance", set: "degraded_performance" }],
      "publish",
    );
    await m.change(aws, "major_outage");
    await m.change(aws, "unknown");
    await m.change(stripe, "degraded_performance");
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await m.change(stripe, "operational");
    expect(await m.statusOf(checkout)).toBe("major_outage");
    await m.change(aws, "operational");
    expect(await m.statusOf(checkout)).toBe("operational");
  });

  it("proposes in a draft the worst status across providers", async () => {
    const checkout = await m.component("Checkout");
    const aws = await m.dependency("AWS", [
      { component: checkout, on: "partial_outage", set: "major_outage" },
    ]);
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "partial_outage", set: "degraded_performance" },
    ]);
    await m.change(aws, "partial_outage");
    await m.change(stripe, "partial_outage");
    const [draft] = await m.incidentsOf(stripe);
    const view = await loadIncident(t.deps, "incident", draft!.incident.id);
    expect(view.updates[0]!.affected[0]!.newStatus).toBe("major_outage");
    expect(view.incident.name).toBe("Checkout is unavailable because of an incident at our provider Stripe");
  });
});

describe("states that do not open an incident", () => {
  it("alerts on unknown and maintenance without drafting anything, and keeps an open incident as it is", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency(
      "Stripe",
      [{ component: checkout, on: "under_maintenance", set: "partial_outage" }],
      "publish",
    );
    await m.change(stripe, "unknown");
    await m.change(stripe, "under_maintenance");
    expect(await m.incidentsOf(stripe)).toEqual([]);
    expect(await m.statusOf(checkout)).toBe("operational");
    await m.change(stripe, "partial_outage");
    await m.change(stripe, "unknown");
    const [link] = await m.incidentsOf(stripe);
    expect(link!.incident.status).toBe("identified");
    expect(await m.statusOf(checkout)).toBe("partial_outage");
    const alerts = await m.events("dependency.alert");
    expect(alerts.map((a) => [a.payload.state, a.payload.incident_id])).toEqual([
      ["unknown", null],
      ["under_maintenance", null],
      ["partial_outage", link!.incident.id],
      ["unknown", link!.incident.id],
    ]);
  });

  it("opens nothing when no impact reaches the new state", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "major_outage", set: "major_outage" },
    ]);
    await m.change(stripe, "degraded_performance");
    expect(await m.incidentsOf(stripe)).toEqual([]);
    const [alert] = await m.events("dependency.alert");
    expect(alert!.payload).toMatchObject({
      state: "degraded_performance",
      component_ids: [],
      incident_id: null,
    });
  });

  it("does not alert on-call when a provider is first read, or read again, as operational", async () => {
    const checkout = await m.component("Checkout");
    const stripe = await m.dependency("Stripe", [
      { component: checkout, on: "major_outage", set: "major_outage" },
    ]);
    await m.change(stripe, "unknown");
    await m.change(stripe, "operational");
    await m.change(stripe, "degraded_performance");
    await m.change(stripe, "operational");
    const alerts = await m.events("dependency.alert");
    expect(alerts.map((a) => a.payload.state)).toEqual(["unknown", "degraded_performance", "operational"]);
  });
});
