import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../api/domain/ids.ts";
import type { Channel, DeliveryState } from "../../../api/domain/types.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";
import { insertSubscriber } from "../../helpers/seed-subscribers.ts";

/**
 * The admin view counts each notification's messages per channel, so an SMS outage does not hide
 * behind a healthy email count. Deliveries are inserted as the notifier leaves them.
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const addresses: Record<Channel, (i: number) => string> = {
  email: (i) => `reader${i}@example.com`,
  sms: (i) => `+3361234567${i}`,
  webhook: (i) => `https://hooks${i}.example.com/status`,
  slack: (i) => `https://hooks.slack.com/services/T0/B${i}/x`,
  discord: (i) => `https://discord.com/api/webhooks/${i}/token`,
  teams: (i) => `https://acme${i}.webhook.office.com/webhookb2/x`,
};

interface Row {
  channel: Channel;
  state: DeliveryState;
  provider?: string;
}

let seq = 0;

/** One subscriber and one delivery per row, all caused by one event (one incident update). */
async function notification(cause: string, updateId: string | null, rows: Row[], minutesAgo = 0) {
  const at = new Date(t.clock.now().getTime() - minutesAgo * 60_000);
  await t.deps.write(async (tx) => {
    for (const row of rows) {
      const address = addresses[row.channel](seq++);
      const subscriberId = await insertSubscriber(tx, { channel: row.channel, address, confirmedAt: at, at });
      await tx.insert(deliveries).values({
        id: newId("delivery"),
        cause,
        subscriberId,
        channel: row.channel,
        kind: "incident-created",
        incidentId: null,
        updateId,
        state: row.state,
        attempts: row.state === "pending" ? 0 : 1,
        nextAttemptAt: at,
        provider: row.provider ?? null,
        createdAt: at,
        updatedAt: at,
      });
    }
  });
}

const zero = { recipients: 0, pending: 0, sent: 0, delivered: 0, bounced: 0, complained: 0, failed: 0 };

describe("notification counts by channel", () => {
  it("lists, per notification, the counts of each channel it used and of no other", async () => {
    await notification("evt_1", "upd_1", [
      { channel: "email", state: "delivered", provider: "resend" },
      { channel: "email", state: "bounced", provider: "resend" },
      { channel: "email", state: "sent", provider: "smtp" },
      { channel: "sms", state: "delivered", provider: "twilio" },
      { channel: "sms", state: "failed", provider: "vonage" },
      { channel: "webhook", state: "pending" },
      { channel: "slack", state: "sent", provider: "slack" },
    ]);
    await notification("evt_0", "upd_0", [{ channel: "webhook", state: "failed", provider: "webhook" }], 5);

    const list = await t.json("GET", "/api/admin/notifications", { token: t.tokens.viewer });
    expect(list.status).toBe(200);
    const [latest, older] = list.body.notifications;
    expect(latest.id).toBe("evt_1");
    expect(latest.counts).toEqual({
      ...zero,
      recipients: 7,
      pending: 1,
      sent: 2,
      delivered: 2,
      bounced: 1,
      failed: 1,
    });
    expect(latest.by_channel).toEqual({
      email: { ...zero, recipients: 3, sent: 1, delivered: 1, bounced: 1 },
      sms: { ...zero, recipients: 2, delivered: 1, failed: 1 },
      webhook: { ...zero, recipients: 1, pending: 1 },
      slack: { ...zero, recipients: 1, sent: 1 },
    });
    expect(latest.by_provider).toEqual({ resend: 2, smtp: 1, twilio: 1, vonage: 1, slack: 1 });
    expect(older.id).toBe("evt_0");
    expect(older.by_channel).toEqual({ webhook: { ...zero, recipients: 1, failed: 1 } });
  });

  it("gives each message its channel, and the whole notification's counts on every page", async () => {
    await notification("evt_2", "upd_2", [
      { channel: "email", state: "sent", provider: "resend" },
      { channel: "sms", state: "sent", provider: "twilio" },
      { channel: "teams", state: "failed", provider: "teams" },
    ]);
    const first = await t.json("GET", "/api/admin/notifications/upd_2?limit=2", { token: t.tokens.viewer });
    expect(first.status).toBe(200);
    expect(first.body.deliveries).toHaveLength(2);
    const rest = await t.json("GET", `/api/admin/notifications/evt_2?after=${first.body.next_cursor}`, {
      token: t.tokens.viewer,
    });
    const all = [...first.body.deliveries, ...rest.body.deliveries];
    expect(
      all.map((d: { channel: string; provider: string }) => `${d.channel}:${d.provider}`).sort(),
    ).toEqual(["email:resend", "sms:twilio", "teams:teams"]);
    const expected = {
      email: { ...zero, recipients: 1, sent: 1 },
      sms: { ...zero, recipients: 1, sent: 1 },
      teams: { ...zero, recipients: 1, failed: 1 },
    };
    expect(first.body.by_channel).toEqual(expected);
    expect(rest.body.by_channel).toEqual(expected);
  });

  it("documents by_channel and the delivery channel in the OpenAPI document", async () => {
    const doc = (await t.json("GET", "/api/openapi.json", { token: null })).body;
    const notification = doc.components.schemas.Notification;
    expect(notification.required).toContain("by_channel");
    expect(Object.keys(notification.properties.by_channel.properties ?? {})).toEqual([
      "email",
      "sms",
      "webhook",
      "slack",
      "discord",
      "teams",
    ]);
    expect(doc.components.schemas.Delivery.properties.channel.enum).toContain("sms");
  });
});
