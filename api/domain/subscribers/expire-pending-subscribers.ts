import { and, eq, inArray, lt } from "drizzle-orm";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Deps, systemActor } from "../context.ts";

/** How long a double opt-in waits for its confirmation. */
export const pendingLifetimeMs = 7 * 24 * 60 * 60_000;

const expiryActor = systemActor("subscriber-expiry");

/**
 * Forgets addresses that never confirmed within the lifetime of their last subscribe request, with
 * their unsent confirmation emails. One page per transaction; returns how many were removed.
 */
export async function expirePendingSubscribers(deps: Deps, pageSize = 500): Promise<number> {
  let removed = 0;
  for (;;) {
    const count = await deps.write(async (tx) => {
      const at = deps.clock.now();
      const cutoff = new Date(at.getTime() - pendingLifetimeMs);
      const stale = await tx
        .select({ id: subscribers.id })
        .from(subscribers)
        .where(and(eq(subscribers.state, "pending"), lt(subscribers.updatedAt, cutoff)))
        .limit(pageSize);
      if (stale.length === 0) return 0;
      const ids = stale.map((s) => s.id);
      await tx
        .delete(deliveries)
        .where(
          and(
            inArray(deliveries.subscriberId, ids),
            eq(deliveries.kind, "confirmation"),
            eq(deliveries.state, "pending"),
          ),
        );
      await tx.delete(subscribers).where(inArray(subscribers.id, ids));
      for (const id of ids)
        await recordAudit(tx, at, expiryActor, {
          action: "subscriber.expire",
          entityType: "subscriber",
          entityId: id,
          before: { state: "pending" },
        });
      return ids.length;
    });
    removed += count;
    if (count < pageSize) return removed;
  }
}
