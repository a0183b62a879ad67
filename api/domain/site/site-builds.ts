import { desc, eq } from "drizzle-orm";
import { siteBuilds } from "../../../db/schema/index.ts";
import type { PublishResult } from "../../../db/schema/site.ts";
import type { Deps } from "../context.ts";

export type SiteBuildRow = typeof siteBuilds.$inferSelect;

export async function startBuildRecord(deps: Deps, outboxSeq: number): Promise<number> {
  const [row] = await deps.write((tx) =>
    tx
      .insert(siteBuilds)
      .values({ startedAt: deps.clock.now(), status: "running", outboxSeq, publishResults: [] })
      .returning({ id: siteBuilds.id }),
  );
  return row!.id;
}

export interface BuildFinish {
  ok: boolean;
  durationMs: number;
  error: string | null;
}

export async function finishBuildRecord(deps: Deps, id: number, outcome: BuildFinish): Promise<void> {
  await deps.write((tx) =>
    tx
      .update(siteBuilds)
      .set({
        finishedAt: deps.clock.now(),
        durationMs: outcome.durationMs,
        status: outcome.ok ? "succeeded" : "failed",
        error: outcome.error,
      })
      .where(eq(siteBuilds.id, id)),
  );
}

export async function recordPublishResults(deps: Deps, id: number, results: PublishResult[]): Promise<void> {
  await deps.write((tx) =>
    tx.update(siteBuilds).set({ publishResults: results }).where(eq(siteBuilds.id, id)),
  );
}

export interface SiteState {
  lastBuild: SiteBuildRow | null;
  lastSuccess: SiteBuildRow | null;
}

/** The newest build, and the newest that succeeded (the one being served). */
export async function siteState(deps: Deps): Promise<SiteState> {
  return deps.read(async (db) => {
    const [lastBuild] = await db.select().from(siteBuilds).orderBy(desc(siteBuilds.id)).limit(1);
    const [lastSuccess] = await db
      .select()
      .from(siteBuilds)
      .where(eq(siteBuilds.status, "succeeded"))
      .orderBy(desc(siteBuilds.id))
      .limit(1);
    return { lastBuild: lastBuild ?? null, lastSuccess: lastSuccess ?? null };
  });
}
