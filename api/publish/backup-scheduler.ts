import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import {
  abandonBackupRuns,
  type BackupRunRow,
  backupState,
  finishBackupRun,
  startBackupRun,
} from "../domain/backup/backup-runs.ts";
import { exportBackup } from "../domain/backup/export-backup.ts";
import { type Deps, systemActor } from "../domain/context.ts";
import { startLoop } from "../workers/loop.ts";
import { type BackupTargetOptions, backupFileName, writeBackupTo } from "./backup-targets.ts";

export interface BackupSchedulerOptions {
  deps: Deps;
  /** The raw client the export reads from, in one read transaction when `snapshot`. */
  client: Client;
  snapshot: boolean;
  targets: string[];
  intervalMs: number;
  keep: number;
  withSecrets: boolean;
  /** Where the file is written before it is copied to the targets (then deleted). */
  workDir: string;
  targetOptions?: Omit<BackupTargetOptions, "keep">;
}

export interface BackupScheduler {
  /** Backs up now (after the one under way, if any) and returns the recorded run. */
  runNow(): Promise<BackupRunRow>;
  stop(): Promise<void>;
}

/** Timers wake at least this often, so a long interval never overflows setTimeout. */
const maxSleepMs = 3_600_000;

/**
 * Writes a `vigie export` file every `intervalMs` and copies it to every backup target, which keeps
 * the newest `keep`. The schedule follows the last run in the database, so a restart neither skips
 * a backup nor makes an extra one.
 */
export function startBackupScheduler(options: BackupSchedulerOptions): BackupScheduler {
  const { deps, intervalMs } = options;
  let running: Promise<BackupRunRow> | null = null;
  // Before this scheduler's first backup, so that only another life's runs are taken for abandoned.
  const abandoned = abandonBackupRuns(deps).catch((error) =>
    deps.logger.error("automatic backups: cannot close interrupted runs", {
      error: error instanceof Error ? error.message : String(error),
    }),
  );

  const runNow = (): Promise<BackupRunRow> => {
    const previous = running ?? abandoned;
    const run = previous.catch(() => undefined).then(() => backUp(options));
    running = run;
    void run.finally(() => {
      if (running === run) running = null;
    });
    return run;
  };

  const loop = startLoop({
    maxSleepMs,
    retryMs: Math.min(intervalMs, maxSleepMs),
    pass: async () => {
      // After any backup under way: the decision reads the run it records.
      await (running ?? abandoned).catch(() => undefined);
      const { lastRun } = await backupState(deps, 1);
      const due = (lastRun?.startedAt.getTime() ?? Number.NEGATIVE_INFINITY) + intervalMs;
      const wait = due - deps.clock.now().getTime();
      if (wait > 0) return wait;
      await runNow();
      return intervalMs;
    },
    onError: (error) =>
      deps.logger.error("automatic backup failed", {
        error: error instanceof Error ? error.message : String(error),
      }),
  });

  return {
    runNow,
    async stop() {
      await loop.stop();
      await running?.catch(() => undefined);
    },
  };
}

async function backUp(options: BackupSchedulerOptions): Promise<BackupRunRow> {
  const { deps, targets, keep, withSecrets, workDir } = options;
  const started = performance.now();
  const name = backupFileName(deps.clock.now());
  const id = await startBackupRun(deps, name, withSecrets);
  const file = join(workDir, name);
  try {
    let rows = 0;
    let sizeBytes = 0;
    try {
      await mkdir(workDir, { recursive: true });
      rows = await exportToFile(options, file);
      sizeBytes = (await stat(file)).size;
    } catch (error) {
      const reason = `the export failed: ${error instanceof Error ? error.message : String(error)}`;
      return finishBackupRun(deps, id, {
        durationMs: Math.round(performance.now() - started),
        sizeBytes: null,
        rows: null,
        error: reason,
        targets: [],
      });
    }
    const results = await Promise.all(
      targets.map((target) => writeBackupTo(file, name, target, { ...options.targetOptions, keep })),
    );
    const run = await finishBackupRun(deps, id, {
      durationMs: Math.round(performance.now() - started),
      sizeBytes,
      rows,
      error: null,
      targets: results,
    });
    const log = run.status === "succeeded" ? deps.logger.info : deps.logger.warn;
    log.call(deps.logger, "automatic backup", { file: name, status: run.status, bytes: sizeBytes });
    return run;
  } finally {
    await rm(file, { force: true });
  }
}

async function exportToFile(options: BackupSchedulerOptions, file: string): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => undefined);
  const write = (text: string) =>
    out.write(text) ? undefined : Promise.race([new Promise<void>((r) => out.once("drain", r)), failed]);
  try {
    const counts = await Promise.race([
      exportBackup({
        ctx: {
          deps: options.deps,
          actor: systemActor("backup"),
          client: options.client,
          snapshot: options.snapshot,
          write,
        },
        input: { withSecrets: options.withSecrets },
      }),
      failed,
    ]);
    await Promise.race([new Promise<void>((r) => out.end(r)), failed]);
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    out.destroy();
  }
}
