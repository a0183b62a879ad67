import { and, asc, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { dependencies } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import type { DependencyRow } from "./dependency-store.ts";
import type { PollValidators } from "./poll-result.ts";
import { type SourceConfig, sourceSchema } from "./source-schema.ts";

/** One check the monitor is to make. */
export interface PollJob {
  id: string;
  name: string;
  source: SourceConfig;
  validators: PollValidators;
  /** The row as the claim left it (leased): what the check's result is recorded against. */
  claimed: DependencyRow;
}

export interface ClaimOptions {
  limit: number;
  /** A claimed dependency is not due again before this, so a crashed check is retried and two monitors do not both check it. */
  leaseMs: number;
}

/** What a claim took, and when the next dependency it did not take is due (null: none left). */
export interface Claimed {
  jobs: PollJob[];
  nextDueAt: Date | null;
}

/**
 * Takes the enabled dependencies whose check is due, oldest due first, and says when the next one is
 * due, so the monitor knows when to look again without another query. The claim is one
 * `UPDATE … RETURNING` (atomic on its own, so no transaction around it): a row another monitor took
 * first is no longer due and is not taken twice. After a failure the validators are left out: a
 * "not modified" says nothing about what the page said before the failure. While a new state awaits
 * confirmation they are sent only if the candidate kept them (see poll-outcome.ts): the same document
 * again is then a second sighting of it.
 */
export async function claimDueDependencies(deps: Deps, { limit, leaseMs }: ClaimOptions): Promise<Claimed> {
  if (limit <= 0) return { jobs: [], nextDueAt: await nextDueAt(deps) };
  const now = deps.clock.now().getTime();
  const rows = await deps.writeStatement((db) =>
    statementsOf(db).claim.all({ now, leaseUntil: now + leaseMs, limit }),
  );
  const jobs: PollJob[] = [];
  for (const row of rows) {
    const parsed = sourceSchema.safeParse(row.source);
    if (!parsed.success) {
      deps.logger.warn("dependency source no longer valid; skipped", { dependency: row.id });
      continue;
    }
    jobs.push({
      id: row.id,
      name: row.name,
      source: parsed.data,
      validators:
        row.consecutiveFailures === 0
          ? { etag: row.etag, lastModified: row.lastModified, contentHash: row.contentHash }
          : {},
      claimed: row,
    });
  }
  // Read after the claim: the rows just taken count again at the end of their lease.
  return { jobs, nextDueAt: await nextDueAt(deps) };
}

/** When the next enabled dependency is due; null when there is none. */
export async function nextDueAt(deps: Deps): Promise<Date | null> {
  const [row] = await deps.read((db) => statementsOf(db).nextDue.all());
  return row?.at ?? null;
}

/**
 * The monitor's two statements, written once per database: each check then only binds its values
 * (times as epoch ms, the columns' own form).
 */
function prepareStatements(db: Db) {
  const due = db
    .select({ id: dependencies.id })
    .from(dependencies)
    .where(and(eq(dependencies.enabled, true), lte(dependencies.nextCheckAt, sql.placeholder("now"))))
    .orderBy(asc(dependencies.nextCheckAt))
    .limit(sql.placeholder("limit"));
  return {
    claim: db
      .update(dependencies)
      .set({ nextCheckAt: sql`${sql.placeholder("leaseUntil")}` })
      .where(inArray(dependencies.id, due))
      .returning()
      .prepare(),
    nextDue: db
      .select({ at: min(dependencies.nextCheckAt) })
      .from(dependencies)
      .where(eq(dependencies.enabled, true))
      .prepare(),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function statementsOf(db: Db) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = prepareStatements(db);
    prepared.set(db, statements);
  }
  return statements;
}
