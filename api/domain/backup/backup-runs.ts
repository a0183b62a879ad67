import { desc, eq } from "drizzle-orm";
import { type BackupTargetResult, backupRuns } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Deps } from "../context.ts";
import { appendEvent } from "../outbox/append-event.ts";
import type { Ctx } from "../verb.ts";

export type BackupRunRow = typeof backupRuns.$inferSelect;

export async function startBackupRun(deps: Deps, fileName: string, withSecrets: boolean): Promise<number> {
  const [row] = await deps.write((tx) =>
    tx
      .insert(backupRuns)
      .values({ startedAt: deps.clock.now(), status: "running", fileName, withSecrets, targetResults: [] })
      .returning({ id: backupRuns.id }),
  );
  return row!.id;
}

export interface BackupOutcome {
  durationMs: number;
  sizeBytes: number | null;
  rows: number | null;
  /** Why the export itself failed; null when it was written. */
  error: string | null;
  targets: BackupTargetResult[];
}

/**
 * Records how a backup ended. A failed one (the export, or any target) also queues an alert to the
 * on-call contacts, in the same transaction, as a dependency outage does.
 */
export async function finishBackupRun(deps: Deps, id: number, outcome: BackupOutcome): Promise<BackupRunRow> {
  const failedTargets = outcome.targets.filter((t) => !t.ok);
  const ok = outcome.error === null && failedTargets.length === 0 && outcome.targets.length > 0;
  const error =
    outcome.error ??
    (failedTargets.length
      ? failedTargets.map((t) => `${t.target}: ${t.error ?? "failed"}`).join("; ")
      : outcome.targets.length === 0
        ? "no backup target"
        : null);
  const at = deps.clock.now();
  return deps.write(async (tx) => {
    const [row] = await tx
      .update(backupRuns)
      .set({
        finishedAt: at,
        durationMs: outcome.durationMs,
        status: ok ? "succeeded" : "failed",
        sizeBytes: outcome.sizeBytes,
        rows: outcome.rows,
        error,
        targetResults: outcome.targets,
      })
      .where(eq(backupRuns.id, id))
      .returning();
    if (!ok) {
      await appendEvent(tx, at, "backup.failed", {
        backup_id: id,
        file_name: row!.fileName,
        error,
        targets: outcome.targets.map((t) => ({ target: t.target, ok: t.ok, error: t.error })),
      });
    }
    return row!;
  });
}

/**
 * Backups left running by a process that stopped mid-way count as failed (and alert on-call): call
 * at start, in the one process that makes backups.
 */
export async function abandonBackupRuns(deps: Deps): Promise<number> {
  const stale = await deps.read((db) =>
    db.select({ id: backupRuns.id }).from(backupRuns).where(eq(backupRuns.status, "running")),
  );
  for (const { id } of stale) {
    await finishBackupRun(deps, id, {
      durationMs: 0,
      sizeBytes: null,
      rows: null,
      error: "interrupted: the process stopped before the backup was written to every target",
      targets: [],
    });
  }
  return stale.length;
}

export interface BackupState {
  lastRun: BackupRunRow | null;
  lastSuccess: BackupRunRow | null;
  recent: BackupRunRow[];
}

/** The newest backups, and the newest that succeeded. */
export async function backupState(deps: Deps, limit = 10): Promise<BackupState> {
  return deps.read(async (db) => {
    const recent = await db.select().from(backupRuns).orderBy(desc(backupRuns.id)).limit(limit);
    const [lastSuccess] = await db
      .select()
      .from(backupRuns)
      .where(eq(backupRuns.status, "succeeded"))
      .orderBy(desc(backupRuns.id))
      .limit(1);
    return { lastRun: recent[0] ?? null, lastSuccess: lastSuccess ?? null, recent };
  });
}

/** The same, for an admin (viewer and up). */
export async function listBackups({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<BackupState> {
  authorize(actor, "viewer");
  return backupState(deps);
}
