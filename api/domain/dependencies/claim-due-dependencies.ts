import { asc, eq, inArray, min } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import type { PollValidators } from "./poll-result.ts";
import { type SourceConfig, sourceSchema } from "./source-schema.ts";

/** One check the monitor is to make. */
export interface PollJob {
  id: string;
  name: string;
  source: SourceConfig;
  validators: PollValidators;
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
 * Takes the enabled dependencies whose check is due, oldest due first, and says when the first one
 * left behind is due, so the monitor knows when to look again without another query. While a new
 * state awaits confirmation, or after a failure, the validators are left out: a full answer is needed
 * to confirm the state (a "not modified" says nothing about what the page said before the failure).
 */
export async function claimDueDependencies(deps: Deps, { limit, leaseMs }: ClaimOptions): Promise<Claimed> {
  if (limit <= 0) return { jobs: [], nextDueAt: await nextDueAt(deps) };
  return deps.write(async (tx) => {
    const now = deps.clock.now();
    // One row past the limit: the first one not taken tells when to look again.
    const candidates = await tx
      .select()
      .from(dependencies)
      .where(eq(dependencies.enabled, true))
      .orderBy(asc(dependencies.nextCheckAt))
      .limit(limit + 1);
    const rows = candidates.filter((r) => r.nextCheckAt.getTime() <= now.getTime()).slice(0, limit);
    const nextDue = candidates[rows.length]?.nextCheckAt ?? null;
    if (rows.length === 0) return { jobs: [], nextDueAt: nextDue };
    await tx
      .update(dependencies)
      .set({ nextCheckAt: new Date(now.getTime() + leaseMs) })
      .where(
        inArray(
          dependencies.id,
          rows.map((r) => r.id),
        ),
      );
    const jobs: PollJob[] = [];
    for (const row of rows) {
      const parsed = sourceSchema.safeParse(row.source);
      if (!parsed.success) {
        deps.logger.warn("dependency source no longer valid; skipped", { dependency: row.id });
        continue;
      }
      const fresh = row.candidateState === null && row.consecutiveFailures === 0;
      jobs.push({
        id: row.id,
        name: row.name,
        source: parsed.data,
        validators: fresh
          ? { etag: row.etag, lastModified: row.lastModified, contentHash: row.contentHash }
          : {},
      });
    }
    return { jobs, nextDueAt: nextDue };
  });
}

/** When the next enabled dependency is due; null when there is none. */
export async function nextDueAt(deps: Deps): Promise<Date | null> {
  const [row] = await deps.read((db) =>
    db
      .select({ at: min(dependencies.nextCheckAt) })
      .from(dependencies)
      .where(eq(dependencies.enabled, true)),
  );
  return row?.at ?? null;
}
