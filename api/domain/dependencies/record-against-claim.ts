import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { dependencies } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import type { DependencyRow } from "./dependency-store.ts";
import { pollOutcome } from "./poll-outcome.ts";
import type { PollResult } from "./poll-result.ts";
import type { RecordedPoll } from "./record-poll-result.ts";

/**
 * Records a check that confirms no change (nearly all of them) against the row as the monitor's
 * claim left it: one UPDATE, with no transaction, guarded so that it only applies while nobody has
 * touched the row since the claim (the lease and every column the flap guard reads are as claimed).
 * Returns null when the result confirms a change or the guard did not hold: the caller then records
 * it the long way, in a transaction, against the row as it is now.
 */
export async function recordAgainstClaim(
  deps: Deps,
  claimed: DependencyRow,
  result: PollResult,
): Promise<RecordedPoll | null> {
  const { changes, confirmed } = pollOutcome(claimed, result, deps.clock.now());
  if (confirmed) return null;
  const row: DependencyRow = { ...claimed, ...changes };
  const { rowsAffected } = await deps.writeStatement((db) =>
    statementOf(db).run({
      id: claimed.id,
      leaseUntil: claimed.nextCheckAt.getTime(),
      state: claimed.state,
      candidateStateWas: claimed.candidateState,
      candidateCountWas: claimed.candidateCount,
      confirmations: claimed.confirmations,
      failuresWas: claimed.consecutiveFailures,
      interval: claimed.pollIntervalSeconds,
      etag: row.etag,
      lastModified: row.lastModified,
      contentHash: row.contentHash,
      lastCheckedAt: row.lastCheckedAt?.getTime() ?? null,
      nextCheckAt: row.nextCheckAt.getTime(),
      failures: row.consecutiveFailures,
      lastError: row.lastError,
      candidateState: row.candidateState,
      candidateCount: row.candidateCount,
      upstreamIncidents: JSON.stringify(row.upstreamIncidents),
    }),
  );
  return rowsAffected === 1 ? { dependency: row, change: null } : null;
}

/**
 * Written once per database, so a check only binds its values (in the columns' own forms: times as
 * epoch ms, incidents as JSON). SQLite rewrites the whole row on any update, so every column a
 * check may change is set each time.
 */
function prepare(db: Db) {
  const value = (name: string) => sql`${sql.placeholder(name)}`;
  return db
    .update(dependencies)
    .set({
      etag: value("etag"),
      lastModified: value("lastModified"),
      contentHash: value("contentHash"),
      lastCheckedAt: value("lastCheckedAt"),
      nextCheckAt: value("nextCheckAt"),
      consecutiveFailures: value("failures"),
      lastError: value("lastError"),
      candidateState: value("candidateState"),
      candidateCount: value("candidateCount"),
      upstreamIncidents: value("upstreamIncidents"),
    })
    .where(
      and(
        eq(dependencies.id, sql.placeholder("id")),
        eq(dependencies.nextCheckAt, sql.placeholder("leaseUntil")),
        eq(dependencies.enabled, true),
        eq(dependencies.state, sql.placeholder("state")),
        sql`${dependencies.candidateState} IS ${sql.placeholder("candidateStateWas")}`,
        eq(dependencies.candidateCount, sql.placeholder("candidateCountWas")),
        eq(dependencies.confirmations, sql.placeholder("confirmations")),
        eq(dependencies.consecutiveFailures, sql.placeholder("failuresWas")),
        eq(dependencies.pollIntervalSeconds, sql.placeholder("interval")),
      ),
    )
    .prepare();
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function statementOf(db: Db) {
  let statement = prepared.get(db);
  if (!statement) {
    statement = prepare(db);
    prepared.set(db, statement);
  }
  return statement;
}
