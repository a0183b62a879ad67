import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { type Channel, deliveries } from "../../../db/schema/index.ts";
import type { Deps, Tx } from "../context.ts";
import { newId } from "../ids.ts";
import type { DeliveryResult } from "./delivery-result.ts";

/** What a dispatcher needs of a claimed delivery (returning fewer columns keeps claims cheap). */
const claimed = {
  id: deliveries.id,
  cause: deliveries.cause,
  subscriberId: deliveries.subscriberId,
  channel: deliveries.channel,
  kind: deliveries.kind,
  incidentId: deliveries.incidentId,
  updateId: deliveries.updateId,
  attempts: deliveries.attempts,
};

export type DeliveryRow = Pick<
  typeof deliveries.$inferSelect,
  "id" | "cause" | "subscriberId" | "channel" | "kind" | "incidentId" | "updateId" | "attempts"
>;

export interface ClaimOptions {
  owner: string;
  size: number;
  leaseMs: number;
  /** Claim only deliveries of this channel (a batch goes through one channel). */
  channel?: Channel;
}

/**
 * Claims one batch of due deliveries for this worker. A batch whose lease expired (its worker died)
 * is taken over whole, so it is sent again with the same members and so the same idempotency key;
 * otherwise a new batch is formed from unbatched due deliveries. One write transaction: two workers
 * never hold the same delivery.
 */
export async function claimBatch(deps: Deps, options: ClaimOptions): Promise<DeliveryRow[]> {
  if (!(await anyDue(deps, options.channel))) return [];
  return deps.write((tx) => claimIn(tx, deps.clock.now(), options));
}

/**
 * Whether a claim could find anything: a due pending delivery (of the channel). Every idle lane asks
 * each second; building the claim's statements and its transaction for nothing made megabytes of
 * garbage a second, which kept V8 from ever shrinking an idle server's heap. Queued with the writes,
 * so it sees what a write queued before it (a page of a fan-out) commits, as the claim would.
 */
async function anyDue(deps: Deps, channel: Channel | undefined): Promise<boolean> {
  const at = deps.clock.now().getTime();
  const rows = await deps.writeStatement((db) => {
    const probes = probesOf(db);
    return channel ? probes.ofChannel.all({ at, channel }) : probes.any.all({ at });
  });
  return rows.length > 0;
}

/** Written once per database: each probe then only binds its values (times as epoch ms). */
function prepareProbes(db: Db) {
  // A superset of what both claims take (an orphaned batch, a new one): pending and due.
  const due = (channel?: unknown) =>
    db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          sql`${deliveries.state} = 'pending'`,
          channel === undefined ? undefined : eq(deliveries.channel, sql.placeholder("channel")),
          lte(deliveries.nextAttemptAt, sql.placeholder("at")),
        ),
      )
      .limit(1)
      .prepare();
  return { any: due(), ofChannel: due(true) };
}

const probes = new WeakMap<Db, ReturnType<typeof prepareProbes>>();

function probesOf(db: Db) {
  let prepared = probes.get(db);
  if (!prepared) {
    prepared = prepareProbes(db);
    probes.set(db, prepared);
  }
  return prepared;
}

async function claimIn(
  tx: Tx,
  now: Date,
  { owner, size, leaseMs, channel }: ClaimOptions,
): Promise<DeliveryRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // Written literally, as the partial indexes' conditions are (see the deliveries schema).
  const pending = sql`${deliveries.state} = 'pending'`;
  const ofChannel = channel ? eq(deliveries.channel, channel) : undefined;
  const [orphan] = await tx
    .select({ batchId: deliveries.batchId })
    .from(deliveries)
    .where(
      and(
        pending,
        isNotNull(deliveries.batchId),
        ofChannel,
        or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, now)),
        // Unary + keeps SQLite on deliveries_claim_idx (batches in flight, a few hundred rows)
        // instead of walking every fresh pending delivery of a large fan-out in due order.
        sql`+${deliveries.nextAttemptAt} <= ${now.getTime()}`,
      ),
    )
    .limit(1);
  if (orphan?.batchId)
    return tx
      .update(deliveries)
      .set({ leaseUntil, leaseOwner: owner, updatedAt: now })
      .where(and(pending, isNotNull(deliveries.batchId), ofChannel, eq(deliveries.batchId, orphan.batchId)))
      .returning(claimed);
  // One statement forms, leases and returns the new batch.
  const fresh = tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(pending, ofChannel, lte(deliveries.nextAttemptAt, now), isNull(deliveries.batchId)))
    // Index order only: a tie-break on id would sort every pending delivery of a large fan-out.
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(size);
  return tx
    .update(deliveries)
    .set({ batchId: newId("batch"), leaseUntil, leaseOwner: owner, updatedAt: now })
    .where(inArray(deliveries.id, fresh))
    .returning(claimed);
}

export interface RecordOptions {
  provider: string;
  maxAttempts: number;
  /** The wait before the next attempt, after `attempt` failed ones (the sender's retry policy). */
  delay: (attempt: number, retryAfterMs: number | null) => number;
}

/**
 * Stores what the provider said. A retry keeps the delivery in its batch (same key next time) and
 * pushes the whole batch back by the longest delay asked; after the last attempt it is failed.
 * One statement per outcome, not per delivery: recording must not be what limits a fan-out.
 */
export async function recordResults(
  deps: Deps,
  batch: DeliveryRow[],
  results: DeliveryResult[],
  options: RecordOptions,
) {
  await deps.write((tx) => recordIn(tx, deps.clock.now(), batch, results, options));
}

/**
 * Records a batch's results and claims the lane's next batch in one transaction: one commit per
 * batch instead of two, which is most of what a large fan-out spends in the database.
 */
export async function recordAndClaim(
  deps: Deps,
  done: { batch: DeliveryRow[]; results: DeliveryResult[]; options: RecordOptions },
  claim: ClaimOptions,
): Promise<DeliveryRow[]> {
  return deps.write(async (tx) => {
    const now = deps.clock.now();
    await recordIn(tx, now, done.batch, done.results, done.options);
    return claimIn(tx, now, claim);
  });
}

async function recordIn(
  tx: Tx,
  now: Date,
  batch: DeliveryRow[],
  results: DeliveryResult[],
  options: RecordOptions,
) {
  const byId = new Map(batch.map((d) => [d.id, d]));
  const retries = results.filter((r) => r.outcome === "retry");
  const attempt = Math.max(0, ...batch.map((d) => d.attempts)) + 1;
  const wait = Math.max(0, ...retries.map((r) => options.delay(attempt, r.retryAfterMs)));
  const sent: { id: string; providerId: string; provider: string }[] = [];
  const failed: { id: string; error: string; provider: string }[] = [];
  const retried: { id: string; error: string; provider: string }[] = [];
  for (const result of results) {
    const row = byId.get(result.deliveryId);
    if (!row) continue;
    if (result.outcome === "sent")
      sent.push({
        id: row.id,
        providerId: result.providerId,
        provider: result.provider ?? options.provider,
      });
    else if (result.outcome === "failed" || row.attempts + 1 >= options.maxAttempts)
      failed.push({ id: row.id, error: result.reason, provider: result.provider ?? options.provider });
    else retried.push({ id: row.id, error: result.reason, provider: result.provider ?? options.provider });
  }
  const at = now.getTime();
  if (sent.length)
    await tx.run(sql`update deliveries set state = 'sent', attempts = attempts + 1, lease_until = null,
      lease_owner = null, updated_at = ${at}, last_error = null,
      provider = v.value ->> 'provider', provider_message_id = v.value ->> 'providerId'
      from json_each(${JSON.stringify(sent)}) as v where deliveries.id = v.value ->> 'id'`);
  if (failed.length)
    await tx.run(sql`update deliveries set state = 'failed', attempts = attempts + 1, lease_until = null,
      lease_owner = null, updated_at = ${at}, provider = v.value ->> 'provider', last_error = v.value ->> 'error'
      from json_each(${JSON.stringify(failed)}) as v where deliveries.id = v.value ->> 'id'`);
  if (retried.length)
    await tx.run(sql`update deliveries set attempts = attempts + 1, lease_until = null, lease_owner = null,
      updated_at = ${at}, provider = v.value ->> 'provider', next_attempt_at = ${at + wait},
      last_error = v.value ->> 'error'
      from json_each(${JSON.stringify(retried)}) as v where deliveries.id = v.value ->> 'id'`);
}

/** Gives back a claimed batch that was not sent (the worker is stopping): due again at once. */
export async function releaseBatch(deps: Deps, batch: DeliveryRow[]): Promise<void> {
  await deps.write((tx) =>
    tx
      .update(deliveries)
      .set({ leaseUntil: null, leaseOwner: null })
      .where(
        and(
          inArray(
            deliveries.id,
            batch.map((d) => d.id),
          ),
          eq(deliveries.state, "pending"),
        ),
      ),
  );
}

/**
 * Makes the batches other workers hold claimable now instead of when their lease runs out. Only for
 * the process elected to send: any other holder has died or lost the election, and a batch it may
 * still have in flight is sent again with the same members, so the same idempotency key.
 */
export async function adoptOrphanedBatches(deps: Deps, owner: string): Promise<number> {
  const now = deps.clock.now();
  const rows = await deps.write((tx) =>
    tx
      .update(deliveries)
      .set({ leaseUntil: now })
      .where(
        and(
          sql`${deliveries.state} = 'pending'`,
          isNotNull(deliveries.leaseOwner),
          ne(deliveries.leaseOwner, owner),
          gt(deliveries.leaseUntil, now),
        ),
      )
      .returning({ id: deliveries.id }),
  );
  return rows.length;
}
