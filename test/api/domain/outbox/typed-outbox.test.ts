import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { appendEvent } from "../../../../api/domain/outbox/append-event.ts";
import { readEvent } from "../../../../api/domain/outbox/events.ts";
import { notificationOf } from "../../../../api/domain/outbox/notification-events.ts";
import { eventsAfter } from "../../../../api/domain/outbox/outbox-cursor.ts";
import { expandNotifications } from "../../../../api/notifier/expand-notifications.ts";
import { deliveries, outboxEvents, subscribers } from "../../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../../helpers/harness.ts";

let t: TestApp | undefined;
afterEach(() => t?.close());

const storedJson = async (app: TestApp, type: string) =>
  (
    await app.deps.read((db) =>
      db.all<{ payload: string }>(sql`select payload from outbox_events where type = ${type} order by seq`),
    )
  ).map((r) => r.payload);

const lastSeq = async (app: TestApp) => (await eventsAfter(app.deps, 0, 10_000)).at(-1)?.seq ?? 0;

describe("the typed outbox", () => {
  it("stores each payload as given and reads it back typed by its event type", async () => {
    t = await createTestApp();
    const at = t.clock.now();
    const before = await lastSeq(t);
    await t.deps.write(async (tx) => {
      await appendEvent(tx, at, "component.status_changed", {
        component_id: "cmp_1",
        old_status: "operational",
        new_status: "major_outage",
        incident_id: null,
      });
      // @ts-expect-error a payload must be the one its type declares (here a status that does not exist)
      await appendEvent(tx, at, "component.status_changed", { component_id: "cmp_2", old_status: "fine" });
      // @ts-expect-error an incident event names its incident
      await appendEvent(tx, at, "incident.created", { update_id: "upd_1", deliver_notifications: true });
    });
    expect(await storedJson(t, "component.status_changed")).toEqual([
      '{"component_id":"cmp_1","old_status":"operational","new_status":"major_outage","incident_id":null}',
      '{"component_id":"cmp_2","old_status":"fine"}',
    ]);
    const [good, bad, noIncident] = (await eventsAfter(t.deps, before)).map(readEvent);
    expect(good?.type === "component.status_changed" && good.payload.new_status).toBe("major_outage");
    expect(good && notificationOf(good)).toEqual({ kind: "component-updated", componentId: "cmp_1" });
    // What the compiler refuses above, a row written by hand is refused at the read.
    expect(bad).toBeNull();
    expect(noIncident).toBeNull();
  });

  it("reads the rows an admin's actions wrote as notifications, as before", async () => {
    t = await createTestApp();
    const before = await lastSeq(t);
    const created = await t.json("POST", "/api/admin/incidents", {
      body: { name: "API down", body: "Looking into it." },
    });
    expect(created.status).toBe(201);
    await t.json("POST", `/api/admin/incidents/${created.body.id}/updates`, {
      body: { status: "resolved", body: "Fixed." },
    });
    const notifications = (await eventsAfter(t.deps, before))
      .map(readEvent)
      .map((e) => e && notificationOf(e))
      .filter((n) => n !== null);
    expect(notifications.map((n) => n.kind)).toEqual(["incident-created", "incident-resolved"]);
    expect(notifications.every((n) => "incidentId" in n && n.incidentId === created.body.id)).toBe(true);
  });

  it("skips a row it cannot read and expands the next one", async () => {
    t = await createTestApp();
    const at = t.clock.now();
    await t.deps.write((tx) =>
      tx.insert(subscribers).values({
        id: "sub_1",
        channel: "email",
        address: "ada@example.com",
        locale: "en",
        state: "active",
        tokenVersion: 1,
        createdAt: at,
        updatedAt: at,
        confirmedAt: at,
      }),
    );
    // An incident event without its incident: today's code would have sent about incident "undefined".
    await t.deps.write((tx) =>
      tx.insert(outboxEvents).values({
        id: "evt_broken",
        type: "incident.created",
        payload: { update_id: "upd_x", status: "investigating", deliver_notifications: true },
        createdAt: at,
      }),
    );
    const created = await t.json("POST", "/api/admin/incidents", { body: { name: "Slow", body: "x" } });
    expect(await expandNotifications(t.deps)).toBe(1);
    const made = await t.deps.read((db) =>
      db.select().from(deliveries).where(eq(deliveries.subscriberId, "sub_1")),
    );
    expect(made.map((d) => [d.kind, d.incidentId])).toEqual([["incident-created", created.body.id]]);
    // The cursor moved past both: a second run finds nothing.
    expect(await expandNotifications(t.deps)).toBe(0);
  });
});
