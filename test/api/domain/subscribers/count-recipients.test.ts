import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../../api/domain/context.ts";
import { createIncident } from "../../../../api/domain/incidents/create-incident.ts";
import { countRecipients } from "../../../../api/domain/subscribers/count-recipients.ts";
import type { Channel, Locale, SubscriberState } from "../../../../api/domain/types.ts";
import { expandNotifications } from "../../../../api/notifier/expand-notifications.ts";
import { deliveries, subscribers } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";
import { monitorRig } from "../../../helpers/monitor-incident-rig.ts";
import { insertSubscriber } from "../../../helpers/seed-subscribers.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

let n = 0;
async function subscriber(channel: Channel, locale: Locale, state: SubscriberState, follows: string[] = []) {
  const address =
    channel === "email"
      ? `s${++n}@example.com`
      : channel === "sms"
        ? `+3361234${++n}`.padEnd(12, "0")
        : `https://hooks.example.com/${++n}`;
  await t.deps.write((tx) =>
    insertSubscriber(tx, { channel, address, locale, state, follows, at: t.clock.now() }),
  );
}

const admin = systemActor("test");
const allChannels: Channel[] = ["email", "sms", "webhook", "slack", "discord", "teams"];

describe("countRecipients", () => {
  it("counts the active subscribers of the components or of everything, per channel and language", async () => {
    const m = monitorRig(t);
    const checkout = await m.component("Checkout");
    const search = await m.component("Search");
    await subscriber("email", "en", "active"); // everything
    await subscriber("email", "fr", "active", [checkout]);
    await subscriber("email", "en", "active", [search]); // another component only
    await subscriber("email", "en", "pending", [checkout]); // not confirmed
    await subscriber("email", "en", "unsubscribed");
    await subscriber("email", "en", "suppressed");
    await subscriber("sms", "fr", "active", [checkout, search]);
    await subscriber("webhook", "en", "active");

    expect(
      await countRecipients({
        ctx: { deps: t.deps, actor: admin },
        input: { componentIds: [checkout], channels: allChannels },
      }),
    ).toEqual([
      { channel: "email", locale: "en", count: 1 },
      { channel: "email", locale: "fr", count: 1 },
      { channel: "sms", locale: "fr", count: 1 },
      { channel: "webhook", locale: "en", count: 1 },
    ]);
    // Without SMS for this kind of message, and for a message about no component in particular.
    expect(
      await countRecipients({
        ctx: { deps: t.deps, actor: admin },
        input: { componentIds: [], channels: ["email", "webhook"] },
      }),
    ).toEqual([
      { channel: "email", locale: "en", count: 1 },
      { channel: "webhook", locale: "en", count: 1 },
    ]);
    expect(
      await countRecipients({
        ctx: { deps: t.deps, actor: admin },
        input: { componentIds: [checkout], channels: [] },
      }),
    ).toEqual([]);
  });

  it("agrees with the deliveries the notifier then creates", async () => {
    const m = monitorRig(t);
    const checkout = await m.component("Checkout");
    const search = await m.component("Search");
    for (const [i, locale] of (["en", "fr", "en", "fr", "en"] as const).entries()) {
      await subscriber("email", locale, "active", i % 2 ? [checkout] : i === 4 ? [search] : []);
      await subscriber("sms", locale, i === 3 ? "pending" : "active", i % 2 ? [search] : [checkout]);
    }
    // incident-created goes by SMS under the default settings.
    const counted = await countRecipients({
      ctx: { deps: t.deps, actor: admin },
      input: {
        componentIds: [checkout],
        channels: ["email", "sms", "webhook", "slack", "discord", "teams"],
      },
    });
    await createIncident({
      ctx: { deps: t.deps, actor: admin },
      input: {
        name: "Checkout down",
        body: "Looking.",
        components: { [checkout]: "major_outage" },
      },
    });
    await expandNotifications(t.deps);
    const rows = await t.deps.read((db) =>
      db.select({ channel: deliveries.channel, subscriberId: deliveries.subscriberId }).from(deliveries),
    );
    const people = new Map(
      (await t.deps.read((db) => db.select().from(subscribers))).map((s) => [s.id, s.locale]),
    );
    const tally = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.channel}/${people.get(r.subscriberId)}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counted.map((c) => [`${c.channel}/${c.locale}`, c.count]))).toEqual(
      Object.fromEntries(tally),
    );
    expect(rows.length).toBeGreaterThan(3);
  });

  it("is for signed-in people of any role", async () => {
    const viewer = { id: "user:usr_viewer", role: "viewer" as const };
    await expect(
      countRecipients({
        ctx: { deps: t.deps, actor: viewer },
        input: { componentIds: [], channels: ["email"] },
      }),
    ).resolves.toEqual([]);
  });
});
