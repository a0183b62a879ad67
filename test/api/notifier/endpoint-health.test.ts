import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, subscribers } from "../../../db/schema/index.ts";
import { type EndpointRig, startEndpointRig } from "../../helpers/endpoint-rig.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.ts";

let rig: EndpointRig;
let receiver: WebhookReceiver;

beforeEach(async () => {
  rig = await startEndpointRig();
  receiver = await startWebhookReceiver({ defaultAnswer: { status: 500, body: "still broken" } });
  await rig.allowPrivateTargets(true);
});
afterEach(async () => {
  await rig.close();
  await receiver.close();
});

const hour = 3_600_000;
const subscriber = async (id: string) =>
  (await rig.t.deps.db.select().from(subscribers).where(eq(subscribers.id, id)))[0]!;
const incident = (name: string) => rig.t.json("POST", "/api/admin/incidents", { body: { name, body: "x" } });
const disabledList = (query = "") =>
  rig.t.json("GET", `/api/admin/subscribers/disabled${query}`, { token: rig.t.tokens.viewer });

describe("endpoint health", () => {
  it("disables an endpoint after a day of failures, fails what waited for it, and lists it", async () => {
    const start = rig.t.clock.now();
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await incident("First");
    // Every attempt of the schedule fails (about 17.5 h): that delivery fails, the endpoint stays.
    await rig.settle();
    const [first] = await rig.deliveriesOf(hook.id);
    expect(first).toMatchObject({ state: "failed", attempts: 7, lastError: "answered 500: still broken" });
    expect(receiver.requests).toHaveLength(7);
    expect(rig.t.clock.now().getTime() - start.getTime()).toBeLessThan(24 * hour);
    expect(await subscriber(hook.id)).toMatchObject({ state: "active", failingSince: start });
    expect((await disabledList()).body).toEqual({ subscribers: [], next_cursor: null });

    // A day after the first failure, the next failed attempt disables it.
    rig.t.clock.set(new Date(start.getTime() + 24 * hour));
    await incident("Second");
    await incident("Third");
    await rig.drain();
    const disabledAt = rig.t.clock.now();
    expect(await subscriber(hook.id)).toMatchObject({
      state: "disabled",
      failingSince: start,
      disabledAt,
      disabledReason: "answered 500: still broken",
    });
    const waiting = (await rig.deliveriesOf(hook.id)).slice(1);
    expect(waiting.map((d) => [d.state, d.lastError])).toEqual([
      ["failed", "endpoint disabled"],
      ["failed", "endpoint disabled"],
    ]);
    const audit = await rig.t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, hook.id));
    expect(audit.map((a) => [a.action, a.actor])).toContainEqual(["subscriber.disable", "system:notifier"]);

    const list = await disabledList();
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      subscribers: [
        {
          id: hook.id,
          channel: "webhook",
          url: `${receiver.url}/hooks`,
          reason: "answered 500: still broken",
          failing_since: start.toISOString(),
          disabled_at: disabledAt.toISOString(),
        },
      ],
      next_cursor: null,
    });

    // Nothing more goes to it; subscribing the URL again brings it back with a new secret.
    const before = receiver.requests.length;
    await incident("Fourth");
    await rig.settle();
    expect(receiver.requests).toHaveLength(before);
    const again = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    expect(again.id).toBe(hook.id);
    expect(again.secret).not.toBe(hook.secret);
    expect((await disabledList()).body.subscribers).toEqual([]);
  });

  it("clears the failure clock on a success, so a flaky endpoint is never disabled", async () => {
    const start = rig.t.clock.now();
    receiver.answerNext({ status: 500 }, { status: 200 }, { status: 500 });
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await incident("First");
    await rig.drain();
    expect((await subscriber(hook.id)).failingSince).toEqual(start);
    await rig.settle();
    expect((await subscriber(hook.id)).failingSince).toBeNull();

    rig.t.clock.set(new Date(start.getTime() + 30 * hour));
    await incident("Second");
    await rig.drain();
    expect(await subscriber(hook.id)).toMatchObject({ state: "active", failingSince: rig.t.clock.now() });
  });

  it("counts a URL the SSRF guard refuses as a failing endpoint", async () => {
    const hook = await rig.subscribeWebhook(`${receiver.url}/hooks`);
    await rig.allowPrivateTargets(false);
    await incident("First");
    await rig.drain();
    expect((await subscriber(hook.id)).failingSince).toEqual(rig.t.clock.now());
    expect(receiver.requests).toHaveLength(0);
  });

  it("pages the disabled endpoints for viewers, and refuses a bad limit with a reason", async () => {
    const ids: string[] = [];
    for (const path of ["/a", "/b", "/c"])
      ids.push((await rig.subscribeWebhook(`${receiver.url}${path}`)).id);
    const start = rig.t.clock.now();
    await incident("First");
    await rig.drain();
    rig.t.clock.set(new Date(start.getTime() + 25 * hour));
    await incident("Second");
    await rig.drain();

    const first = await disabledList("?limit=2");
    expect(first.body.subscribers.map((s: { id: string }) => s.id)).toEqual(ids.sort().slice(0, 2));
    const rest = await disabledList(`?limit=2&after=${first.body.next_cursor}`);
    expect(rest.body).toMatchObject({ next_cursor: null });
    expect(rest.body.subscribers.map((s: { id: string }) => s.id)).toEqual(ids.slice(2));

    const bad = await disabledList("?limit=0");
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/limit/);
    const anonymous = await rig.t.json("GET", "/api/admin/subscribers/disabled", { token: null });
    expect(anonymous.status).toBe(401);
  });
});
