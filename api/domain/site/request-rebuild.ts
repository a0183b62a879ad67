import { and, gte, ne, sql } from "drizzle-orm";
import { siteBuilds } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { appendEvent } from "../outbox/append-event.ts";

export interface RequestedRebuild {
  ok: boolean;
  error: string | null;
}

export interface RequestRebuildOptions {
  /** How long to wait for the publishing process to build (default 3 minutes). */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Asks whichever process publishes the page to rebuild it, through the outbox: the request is in
 * the database, so it is done even if that process dies first (the next one elected does it).
 * Resolves once a build that includes the request has finished, with its outcome.
 */
export async function requestRebuild(
  deps: Deps,
  { timeoutMs = 180_000, pollMs = 500 }: RequestRebuildOptions = {},
): Promise<RequestedRebuild> {
  const seq = await deps.write(async (tx) => {
    await appendEvent(tx, deps.clock.now(), "site.rebuild_requested", {});
    const [row] = await tx.all<{ seq: number }>(sql`select max(seq) as seq from outbox_events`);
    return row!.seq;
  });
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const [done] = await deps.read((db) =>
      db
        .select({ status: siteBuilds.status, error: siteBuilds.error })
        .from(siteBuilds)
        .where(and(gte(siteBuilds.outboxSeq, seq), ne(siteBuilds.status, "running")))
        .limit(1),
    );
    if (done)
      return { ok: done.status === "succeeded", error: done.status === "succeeded" ? null : done.error };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return {
    ok: false,
    error: `no process built the page within ${Math.round(timeoutMs / 1000)} s; the rebuild stays requested and is done when a publishing process runs`,
  };
}
