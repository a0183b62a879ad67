import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../api/domain/ids.ts";
import { expirePendingSubscribers } from "../../../api/domain/subscribers/expire-pending-subscribers.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { startEmailRig } from "../../helpers/email-rig.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";
import { insertSubscriber } from "../../helpers/seed-subscribers.ts";

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => db.close());

const day = 86_400_000;

async function addSubscriber(target: TestDb, address: string, state: "pending" | "active", ageDays: number) {
  const at = new Date(target.clock.now().getTime() - ageDays * day);
  return target.deps.write(async (tx) => {
    const confirmedAt = state === "active" ? at : null;
    const id = await insertSubscriber(tx, { channel: "email", address, state, confirmedAt, at });
    await tx.insert(deliveries).values({
      id: newId("delivery"),
      cause: `confirm:${id}:${at.getTime()}`,
      subscriberId: id,
      channel: "email",
      kind: "confirmation",
      state: "pending",
      nextAttemptAt: at,
      createdAt: at,
      updatedAt: at,
    });
    return id;
  });
}

const addresses = async () =>
  (await db.deps.read((d) => d.select({ address: subscribers.address }).from(subscribers)))
    .map((s) => s.address)
    .sort();

describe("expirePendingSubscribers", () => {
  it("removes an 8-day-old unconfirmed subscriber and its confirmation, keeps younger and active ones", async () => {
    const old = await addSubscriber(db, "old@example.com", "pending", 8);
    await addSubscriber(db, "young@example.com", "pending", 6);
    await addSubscriber(db, "loyal@example.com", "active", 30);
    expect(await expirePendingSubscribers(db.deps)).toBe(1);
    expect(await addresses()).toEqual(["loyal@example.com", "young@example.com"]);
    const left = await db.deps.read((d) =>
      d.select().from(deliveries).where(eq(deliveries.subscriberId, old)),
    );
    expect(left).toHaveLength(0);
    expect(await expirePendingSubscribers(db.deps)).toBe(0);
  });

  it("works through more pending subscribers than one page", async () => {
    for (let i = 0; i < 5; i++) await addSubscriber(db, `p${i}@example.com`, "pending", 10);
    expect(await expirePendingSubscribers(db.deps, 2)).toBe(5);
    expect(await addresses()).toEqual([]);
  });
});

describe("the notifier loop", () => {
  it("expires unconfirmed subscribers as it runs, at most once a minute", async () => {
    const rig = await startEmailRig();
    try {
      const names = () =>
        rig.t.deps.read((d) => d.select({ address: subscribers.address }).from(subscribers));
      await rig.t.json("POST", "/api/subscribers", {
        token: null,
        body: { channel: "email", address: "late@example.com" },
      });
      await rig.settle();
      rig.t.clock.advance(8 * day);
      await rig.notifier.drain();
      expect(await names()).toEqual([]);

      await addSubscriber(rig.t, "stale@example.com", "pending", 9);
      rig.t.clock.advance(30_000);
      await rig.notifier.drain();
      expect((await names()).map((s) => s.address)).toEqual(["stale@example.com"]);
      rig.t.clock.advance(31_000);
      await rig.notifier.drain();
      expect(await names()).toEqual([]);
    } finally {
      await rig.close();
    }
  });
});
