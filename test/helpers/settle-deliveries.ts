import { eq } from "drizzle-orm";
import type { Notifier } from "../../api/notifier/notifier.ts";
import { deliveries } from "../../db/schema/index.ts";
import type { TestDb } from "./harness.ts";

/**
 * Runs the notifier until no delivery is pending, moving the test clock 10 s between rounds so that
 * retries come due; fails after `rounds` rounds.
 */
export async function settleDeliveries(
  t: TestDb,
  notifier: Pick<Notifier, "drain">,
  rounds = 60,
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await notifier.drain();
    const pending = await t.deps.read((db) =>
      db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.state, "pending")),
    );
    if (pending.length === 0) return;
    t.clock.advance(10_000);
  }
  throw new Error(`deliveries still pending after ${rounds} rounds`);
}
