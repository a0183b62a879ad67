import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  componentUpdateWebhookPayload,
  incidentWebhookPayload,
  type PublicComponent,
  type PublicIncident,
  type WebhookEnvelopeInput,
} from "../../../../api/notifier/channels/webhook/payload.ts";
import { createTestApp, type TestApp } from "../../../helpers/harness.ts";
import * as rig from "../../http/statuspage-rig.ts";

/**
 * Subscriber webhooks carry Statuspage's payloads (reference: statuspage-api-and-feeds.md §2.1),
 * built around the very incident and component objects the public v2 API serves.
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ now: rig.now });
  rig.useApp(t);
});
afterEach(() => t.close());

const sorted = (keys: string[]) => [...keys].sort();

async function envelope(): Promise<WebhookEnvelopeInput> {
  const { page, status } = await rig.get("/api/v2/status.json");
  return {
    page: { id: page.id, statusIndicator: status.indicator, statusDescription: status.description },
    unsubscribeUrl: "http://status.test/subscribers/sub_1/unsubscribe?token=abc",
    documentationUrl: "http://status.test/docs/webhooks",
    generatedAt: t.clock.now().toISOString(),
  };
}

describe("incident webhook payload", () => {
  it("wraps the public incident in Statuspage's meta / page / incident envelope", async () => {
    const checkout = await rig.component("Checkout");
    const id = await rig.openIncident("Checkout errors", { [checkout]: "partial_outage" });
    const { incidents } = await rig.get("/api/v2/incidents.json");
    const incident = incidents.find((i: PublicIncident) => i.id === id) as PublicIncident;
    const payload = incidentWebhookPayload(await envelope(), incident);

    expect(sorted(Object.keys(payload))).toEqual(["incident", "meta", "page"]);
    expect(payload.meta).toEqual({
      unsubscribe: "http://status.test/subscribers/sub_1/unsubscribe?token=abc",
      documentation: "http://status.test/docs/webhooks",
      generated_at: "2026-11-27T12:00:00.000Z",
    });
    expect(payload.page).toEqual({
      id: expect.stringMatching(/^page_/),
      status_indicator: "major",
      status_description: "Partial System Outage",
    });
    // The object is the public one, unchanged: a receiver written for Statuspage reads it as is.
    expect(payload.incident).toBe(incident);
    expect(payload.incident).toMatchObject({
      id,
      name: "Checkout errors",
      status: "investigating",
      impact: "major",
      shortlink: `http://status.test/incidents/${id}`,
      components: [{ id: checkout, status: "partial_outage" }],
    });
    for (const key of ["created_at", "updated_at", "started_at", "page_id", "resolved_at", "monitoring_at"])
      expect(payload.incident, key).toHaveProperty(key);
    expect(payload.incident.incident_updates[0]).toMatchObject({
      status: "investigating",
      body: "Checkout errors: investigating",
      affected_components: [
        { code: checkout, name: "Checkout", old_status: "operational", new_status: "partial_outage" },
      ],
    });
    // It travels as JSON: nothing in it is lost or renamed on the way.
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
  });

  it("carries a maintenance with its scheduled window", async () => {
    const api = await rig.component("API");
    const id = await rig.schedule("Database upgrade", [api]);
    const { scheduled_maintenances } = await rig.get("/api/v2/scheduled-maintenances.json");
    const maintenance = scheduled_maintenances.find((m: PublicIncident) => m.id === id) as PublicIncident;
    const payload = incidentWebhookPayload(await envelope(), maintenance);
    expect(payload.incident).toMatchObject({
      id,
      status: "scheduled",
      scheduled_for: "2026-11-27T13:00:00.000Z",
      scheduled_until: "2026-11-27T14:00:00.000Z",
    });
  });
});

describe("component update webhook payload", () => {
  it("says which component moved from which status to which, next to the component itself", async () => {
    const api = await rig.component("API", { description: "Public REST API" });
    await rig.admin("PATCH", `/api/admin/components/${api}`, { status: "degraded_performance" });
    const { components } = await rig.get("/api/v2/components.json");
    const component = components.find((c: PublicComponent) => c.id === api) as PublicComponent;
    const payload = componentUpdateWebhookPayload(await envelope(), {
      id: "csh_123",
      createdAt: "2026-11-27T12:00:00.000Z",
      oldStatus: "operational",
      newStatus: "degraded_performance",
      component,
    });

    expect(sorted(Object.keys(payload))).toEqual(["component", "component_update", "meta", "page"]);
    expect(payload.component_update).toEqual({
      created_at: "2026-11-27T12:00:00.000Z",
      new_status: "degraded_performance",
      old_status: "operational",
      id: "csh_123",
      component_id: api,
      component_type: "Component",
    });
    expect(payload.page.status_indicator).toBe("minor");
    // Every field Statuspage's webhook component has (zulip's captured fixture), from the public object.
    expect(payload.component).toMatchObject({
      id: api,
      name: "API",
      description: "Public REST API",
      status: "degraded_performance",
      group_id: null,
      showcase: expect.any(Boolean),
      position: expect.any(Number),
      page_id: payload.page.id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });
});
