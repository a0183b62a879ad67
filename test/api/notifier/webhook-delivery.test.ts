import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandNotifications } from "../../../api/notifier/expand-notifications.ts";
import { outboxEvents } from "../../../db/schema/index.ts";
import { type EndpointRig, startEndpointRig } from "../../helpers/endpoint-rig.ts";
import { testPublicUrl } from "../../helpers/harness.ts";
import {
  startWebhookReceiver,
  verifyWithBoth,
  type WebhookReceiver,
} from "../../helpers/webhook-receiver.ts";

let rig: EndpointRig;
let receiver: WebhookReceiver;
let other: WebhookReceiver | undefined;

// Real time: receivers refuse a signature more than five minutes off their own clock.
beforeEach(async () => {
  rig = await startEndpointRig({ now: new Date() });
  receiver = await startWebhookReceiver();
  await rig.allowPrivateTargets(true);
});
afterEach(async () => {
  await rig.close();
  await receiver.close();
  await other?.close();
  other = undefined;
});

const get = async (path: string) => (await rig.t.json("GET", path, { token: null })).body;

describe("webhook deliveries", () => {
  it("posts one signed Statuspage payload whose incident is the public API's, with the delivery id", async () => {
    const api = await rig.component("API");
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks/status`, [api]);
    const created = await rig.t.json("POST", "/api/admin/incidents", {
      body: { name: "API down", body: "We are looking into it.", components: { [api]: "major_outage" } },
    });
    expect(created.status).toBe(201);
    await rig.settle();

    const incidentRequests = receiver.requests.filter((r) => "incident" in JSON.parse(r.body));
    expect(incidentRequests).toHaveLength(1);
    const request = incidentRequests[0]!;
    expect(verifyWithBoth(hook.secret, request.body, request.headers)).toEqual({
      standardwebhooks: null,
      svix: null,
    });
    // Someone else's verifiers are not fooled by a changed body.
    const tampered = verifyWithBoth(
      hook.secret,
      request.body.replace("API down", "All fine"),
      request.headers,
    );
    expect(tampered.standardwebhooks).toMatch(/signature/i);
    expect(tampered.svix).toMatch(/signature/i);

    const payload = JSON.parse(request.body);
    const [publicIncident] = (await get("/api/v2/incidents.json")).incidents;
    expect(payload.incident).toEqual(publicIncident);
    const { status } = await get("/api/v2/status.json");
    expect(payload.page).toEqual({
      id: (await get("/api/v2/summary.json")).page.id,
      status_indicator: status.indicator,
      status_description: status.description,
    });
    expect(payload.meta.unsubscribe).toBe(hook.unsubscribeUrl);
    expect(payload.meta.unsubscribe).toMatch(new RegExp(`^${testPublicUrl}/subscribe/unsubscribe\\?token=`));
    expect(payload.meta.documentation).toMatch(/^https:\/\//);
    expect(Date.parse(payload.meta.generated_at)).toBe(rig.t.clock.now().getTime());

    const sent = (await rig.deliveriesOf(hook.id)).find((d) => d.kind === "incident-created")!;
    expect(request.headers["webhook-id"]).toBe(sent.id);
    expect(sent).toMatchObject({
      state: "sent",
      provider: "webhook",
      providerMessageId: sent.id,
      attempts: 1,
    });
  });

  it("links a maintenance's payload to the maintenance page", async () => {
    const api = await rig.component("API");
    await rig.subscribeWebhook(`${receiver.url}/hooks/status`, [api]);
    const from = new Date(rig.t.clock.now().getTime() + 86_400_000);
    const scheduled = await rig.t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Database upgrade",
        body: "Short downtime",
        scheduled_for: from.toISOString(),
        scheduled_until: new Date(from.getTime() + 3_600_000).toISOString(),
        components: [api],
      },
    });
    expect(scheduled.status).toBe(201);
    await rig.settle();
    const payloads = receiver.requests.map((r) => JSON.parse(r.body)).filter((p) => p.incident);
    expect(payloads).toHaveLength(1);
    expect(payloads[0].incident.id).toBe(scheduled.body.id);
    expect(payloads[0].incident.shortlink).toBe(`${testPublicUrl}/maintenances/${scheduled.body.id}`);
  });

  it("tells webhook subscribers of a component status change with a component_update payload", async () => {
    const api = await rig.component("API");
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    const res = await rig.t.json("PATCH", `/api/admin/components/${api}`, {
      body: { status: "degraded_performance" },
    });
    expect(res.status).toBe(200);
    await rig.settle();

    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(verifyWithBoth(hook.secret, request.body, request.headers)).toEqual({
      standardwebhooks: null,
      svix: null,
    });
    const [event] = await rig.t.deps.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.type, "component.status_changed"));
    const payload = JSON.parse(request.body);
    expect(payload.component_update).toEqual({
      created_at: event!.createdAt.toISOString(),
      new_status: "degraded_performance",
      old_status: "operational",
      id: event!.id,
      component_id: api,
      component_type: "Component",
    });
    const publicComponent = (await get("/api/v2/components.json")).components.find(
      (c: { id: string }) => c.id === api,
    );
    expect(payload.component).toEqual(publicComponent);
    expect(payload.incident).toBeUndefined();
    const [delivery] = await rig.deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ kind: "component-updated", cause: event!.id, state: "sent" });
    expect(request.headers["webhook-id"]).toBe(delivery!.id);
  });

  it("refuses a loopback URL while private targets are not allowed, and does not retry", async () => {
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await rig.allowPrivateTargets(false);
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    await rig.settle();

    expect(receiver.requests).toHaveLength(0);
    const [delivery] = await rig.deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ state: "failed", attempts: 1 });
    expect(delivery!.lastError).toMatch(/^Refused: .*127\.0\.0\.1.*loopback/);
  });

  it("retries an endpoint that answered 500 on the schedule, with the same webhook-id", async () => {
    receiver.answerNext({ status: 500, body: "database is down" });
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    const start = rig.t.clock.now().getTime();
    await rig.drain();

    const [waiting] = await rig.deliveriesOf(hook.id);
    expect(waiting).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "answered 500: database is down",
    });
    expect(waiting!.nextAttemptAt.getTime() - start).toBe(5_000);
    await rig.settle();

    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(first!.headers["webhook-id"]).toBe(waiting!.id);
    // Each attempt is signed when it is made: receivers refuse old timestamps.
    expect(Number(second!.headers["webhook-timestamp"]) - Number(first!.headers["webhook-timestamp"])).toBe(
      5,
    );
    for (const r of receiver.requests)
      expect(verifyWithBoth(hook.secret, r.body, r.headers)).toEqual({ standardwebhooks: null, svix: null });
    const [done] = await rig.deliveriesOf(hook.id);
    expect(done).toMatchObject({ state: "sent", attempts: 2, lastError: null });
  });

  it("does not follow a redirect: the attempt fails and is retried at the same URL", async () => {
    other = await startWebhookReceiver();
    receiver.answerNext({ status: 302, headers: { location: `${other.url}/elsewhere` } });
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    await rig.drain();

    expect(receiver.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    const [delivery] = await rig.deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ state: "pending", attempts: 1 });
    expect(delivery!.lastError).toBe(`redirects are not followed (answered 302 to ${other.url}/elsewhere)`);
    await rig.settle();
    expect(receiver.hits("/hooks")).toBe(2);
    expect(other.requests).toHaveLength(0);
  });

  it("sends nothing to a subscriber who left before the delivery went out, and says why", async () => {
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await rig.t.json("POST", "/api/admin/incidents", { body: { name: "Outage", body: "x" } });
    // Expanded to a delivery first, then unsubscribed (the one-click link) before it is sent.
    expect(await expandNotifications(rig.t.deps)).toBe(1);
    const gone = await rig.t.request("POST", hook.unsubscribeUrl.replace(testPublicUrl, ""), { token: null });
    expect(gone.status).toBe(200);
    await rig.settle();

    expect(receiver.requests).toHaveLength(0);
    const [delivery] = await rig.deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ state: "failed", lastError: "recipient is unsubscribed" });
  });
});
