import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { deliveries } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import { newId } from "../domain/ids.ts";
import type { DeliveryResult } from "./channels/email-channel.ts";
import { retryDelay } from "./channels/retry-delay.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;

export interface ClaimOptions {
  owner: string;
  size: number;
  leaseMs: number;
}

/**
 * Claims one batch of due deliveries for this worker. A batch whose lease expired (its worker died)
 * is taken over whole, so it is sent again with the same members and so the same idempotency key;
 * otherwise a new batch is formed from unbatched due deliveries. One write transaction: two workers
 * never hold the same delivery.
 */
export async function claimBatch(deps: Deps, { owner, size, leaseMs }: ClaimOptions): Promise<DeliveryRow[]> {
  return deps.write(async (tx) => {
    const now = deps.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const due = and(eq(deliveries.state, "pending"), lte(deliveries.nextAttemptAt, now));
    const [orphan] = await tx
      .select({ batchId: deliveries.batchId })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.state, "pending"),
          isNotNull(deliveries.batchId),
          or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, now)),
          // Unary + keeps SQLite on deliveries_claim_idx (few batched rows) instead of walking every
          // fresh pending delivery of a large fan-out through the due-time index.
          sql`+${deliveries.nextAttemptAt} <= ${now.getTime()}`,
        ),
      )
      .limit(1);
    let batchId = orphan?.batchId ?? null;
    if (!batchId) {
      batchId = newId("batch");
      const fresh = await tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(due, isNull(deliveries.batchId)))
        // Index order only: a tie-break on id would sort every pending delivery of a large fan-out.
        .orderBy(asc(deliveries.nextAttemptAt))
        .limit(size);
      if (fresh.length === 0) return [];
      await tx
        .update(deliveries)
        .set({ batchId })
        .where(
          inArray(
            deliveries.id,
            fresh.map((f) => f.id),
          ),
        );
    }
    return tx
      .update(deliveries)
      .set({ leaseUntil, leaseOwner: owner, updatedAt: now })
      .where(and(eq(deliveries.batchId, batchId), eq(deliveries.state, "pending")))
      .returning();
  });
}

export interface RecordOptions {
  provider: string;
  maxAttempts: number;
  /** Backoff between attempts (exponential with full jitter, capped). */
  retryBaseMs?: number;
  retryCapMs?: number;
}

/**
 * Stores what the provider said. A retry keeps the delivery in its batch (same key next time) and
 * pushes the whole batch back by the longest delay asked; after the last attempt it is failed.
 */
export async function recordResults(
  deps: Deps,
  batch: DeliveryRow[],
  results: DeliveryResult[],
  options: RecordOptions,
) {
  const byId = new Map(batch.map((d) => [d.id, d]));
  await deps.write(async (tx) => {
    const now = deps.clock.now();
    const retries = results.filter((r) => r.outcome === "retry");
    const attempt = Math.max(0, ...batch.map((d) => d.attempts)) + 1;
    const wait = Math.max(
      0,
      ...retries.map((r) =>
        retryDelay(attempt, r.retryAfterMs, { baseMs: options.retryBaseMs, capMs: options.retryCapMs }),
      ),
    );
    for (const result of results) {
      const row = byId.get(result.deliveryId);
      if (!row) continue;
      const base = {
        attempts: row.attempts + 1,
        leaseUntil: null,
        leaseOwner: null,
        updatedAt: now,
        provider: options.provider,
      };
      const changes =
        result.outcome === "sent"
          ? { ...base, state: "sent" as const, providerMessageId: result.providerId, lastError: null }
          : result.outcome === "failed" || row.attempts + 1 >= options.maxAttempts
            ? { ...base, state: "failed" as const, lastError: result.reason }
            : { ...base, nextAttemptAt: new Date(now.getTime() + wait), lastError: result.reason };
      await tx.update(deliveries).set(changes).where(eq(deliveries.id, row.id));
    }
  });
}
