import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Where one automatic backup went: a directory or an rclone remote. */
export interface BackupTargetResult {
  target: string;
  ok: boolean;
  attempts: number;
  error: string | null;
  durationMs: number;
  /** Backups the target kept after pruning the oldest (null when it failed). */
  kept: number | null;
}

/** Each automatic backup: the export, then a copy to every backup target. */
export const backupRuns = sqliteTable(
  "backup_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    durationMs: integer("duration_ms"),
    status: text("status").$type<"running" | "succeeded" | "failed">().notNull(),
    /** The file name each target received. */
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes"),
    rows: integer("rows"),
    withSecrets: integer("with_secrets", { mode: "boolean" }).notNull(),
    error: text("error"),
    targetResults: text("target_results", { mode: "json" }).$type<BackupTargetResult[]>().notNull(),
  },
  (t) => [index("backup_runs_started_idx").on(t.startedAt)],
);
