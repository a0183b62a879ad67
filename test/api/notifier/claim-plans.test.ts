import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimBatch, recordAndClaim } from "../../../api/domain/deliveries/claim-deliveries.ts";
import { findReportedDelivery } from "../../../api/domain/deliveries/find-reported-delivery.ts";
import { newId } from "../../../api/domain/ids.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

// A fan-out's speed rests on the claims finding their rows through the small partial indexes
// (pending deliveries, batches in flight) rather than walking the table or every sent delivery.
// SQLite only uses a partial index when a query repeats its condition, which is easy to lose in an
// edit: this reads the plan of every statement a claim and a record run.

let t: TestDb;
let statements: string[];
const proto = Database.prototype as unknown as { prepare(sql: string): unknown };
const prepare = proto.prepare;

beforeEach(async () => {
  t = await createTestDb();
  const at = t.clock.now();
  await t.deps.write((tx) =>
    tx.insert(deliveries).values(
      Array.from({ length: 5 }, () => ({
        id: newId("delivery"),
        cause: "evt_1",
        subscriberId: newId("subscriber"),
        channel: "email" as const,
        kind: "incident-created" as const,
        incidentId: "inc_1",
        updateId: "upd_1",
        state: "pending" as const,
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      })),
    ),
  );
  statements = [];
  proto.prepare = function (this: unknown, sql: string) {
    if (/\bdeliveries\b/.test(sql) && !/^explain/i.test(sql)) statements.push(sql);
    return prepare.call(this, sql);
  };
});
afterEach(() => {
  proto.prepare = prepare;
  t.close();
});

async function plan(sql: string): Promise<string[]> {
  const args = Array.from(sql.match(/\?/g) ?? [], () => null);
  const result = await t.handle.client.execute({ sql: `explain query plan ${sql}`, args });
  return result.rows.map((row) => String(row.detail));
}

describe("claim query plans", () => {
  it("claims, records and takes over batches through the indexes, never scanning deliveries", async () => {
    const claim = { owner: "w1", size: 2, leaseMs: 60_000, channel: "email" as const };
    const batch = await claimBatch(t.deps, claim);
    expect(batch).toHaveLength(2);
    const results = batch.map((d) => ({
      deliveryId: d.id,
      outcome: "sent" as const,
      providerId: `re_${d.id}`,
    }));
    const next = await recordAndClaim(
      t.deps,
      { batch, results, options: { provider: "resend", maxAttempts: 3, delay: () => 1000 } },
      claim,
    );
    expect(next).toHaveLength(2);
    // The lease runs out: another worker takes the batch over whole.
    t.clock.advance(61_000);
    const taken = await claimBatch(t.deps, { ...claim, owner: "w2" });
    expect(taken.map((d) => d.id).sort()).toEqual(next.map((d) => d.id).sort());

    const plans = await Promise.all(
      statements
        .filter((sql) => /^\s*(select|update)/i.test(sql))
        .map(async (sql) => ({ sql, plan: await plan(sql) })),
    );
    expect(plans.length).toBeGreaterThanOrEqual(5);
    const details = plans.flatMap((p) => p.plan);
    for (const { sql, plan } of plans)
      expect(
        plan.filter((d) => /^SCAN deliveries\b/.test(d)),
        sql,
      ).toEqual([]);
    expect(details.some((d) => d.includes("deliveries_due_idx"))).toBe(true);
    expect(details.some((d) => d.includes("deliveries_claim_idx"))).toBe(true);
  });

  it("asks once whether anything is due, and claims nothing, when a lane has nothing to send", async () => {
    const claim = { owner: "w1", size: 10, leaseMs: 60_000, channel: "sms" as const };
    expect(await claimBatch(t.deps, claim)).toEqual([]);
    // One read, through the index of due deliveries; no claim statement built nor run.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^select/i);
    const details = await plan(statements[0]!);
    expect(details.filter((d) => /^SCAN deliveries\b/.test(d))).toEqual([]);
    expect(details.some((d) => d.includes("deliveries_due_idx"))).toBe(true);

    // A delivery due later is not claimed before its time, and is once it comes.
    const at = t.clock.now();
    await t.deps.write((tx) =>
      tx.insert(deliveries).values({
        id: newId("delivery"),
        cause: "evt_2",
        subscriberId: newId("subscriber"),
        channel: "sms",
        kind: "incident-created",
        incidentId: "inc_1",
        updateId: "upd_1",
        state: "pending",
        nextAttemptAt: new Date(at.getTime() + 30_000),
        createdAt: at,
        updatedAt: at,
      }),
    );
    expect(await claimBatch(t.deps, claim)).toEqual([]);
    t.clock.advance(30_000);
    expect(await claimBatch(t.deps, claim)).toHaveLength(1);
  });

  it("finds the message a provider reports on through its recipient, never scanning deliveries", async () => {
    for (const channel of ["email", "sms"] as const)
      await t.deps.write((tx) =>
        findReportedDelivery(tx, { channel, recipient: "ada@example.com", providerMessageId: "re_1" }),
      );
    const plans = await Promise.all(statements.map(plan));
    expect(plans).toHaveLength(2);
    for (const details of plans) {
      expect(details.filter((d) => /^SCAN deliveries\b/.test(d))).toEqual([]);
      expect(details.some((d) => d.includes("deliveries_subscriber_idx"))).toBe(true);
    }
  });
});
