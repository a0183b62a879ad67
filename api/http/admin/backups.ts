import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { type BackupRunRow, listBackups } from "../../domain/backup/backup-runs.ts";
import type { Actor } from "../../domain/context.ts";
import { DomainError } from "../../domain/errors.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, jsonResponse, nullable } from "./openapi-helpers.ts";

const targetResultSchema = z.object({
  target: z.string().meta({ example: "rclone:b2-backups:acme-vigie" }),
  ok: z.boolean(),
  attempts: z.int(),
  error: z.string().nullable(),
  duration_ms: z.int(),
  kept: z.int().nullable().meta({ description: "Backups the target holds after pruning" }),
});

const runSchema = z
  .object({
    id: z.int(),
    status: z.enum(["running", "succeeded", "failed"]),
    file_name: z.string().meta({ example: "vigie-backup-20261207T031500Z.json" }),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    duration_ms: z.int().nullable(),
    size_bytes: z.int().nullable(),
    rows: z.int().nullable(),
    with_secrets: z.boolean(),
    error: z.string().nullable(),
    targets: z.array(targetResultSchema),
  })
  .meta({ id: "BackupRun" });

const backupsSchema = z
  .object({
    enabled: z
      .boolean()
      .meta({ description: "Whether this process makes automatic backups (BACKUP_TARGETS)" }),
    last_run: nullable(runSchema),
    last_success: nullable(runSchema),
    recent: z.array(runSchema).meta({ description: "The newest backups first" }),
  })
  .meta({ id: "Backups" });

const runShape = (row: BackupRunRow | null) =>
  row && {
    id: row.id,
    status: row.status,
    file_name: row.fileName,
    started_at: row.startedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.durationMs,
    size_bytes: row.sizeBytes,
    rows: row.rows,
    with_secrets: row.withSecrets,
    error: row.error,
    targets: row.targetResults.map((t) => ({
      target: t.target,
      ok: t.ok,
      attempts: t.attempts,
      error: t.error,
      duration_ms: t.durationMs,
      kept: t.kept,
    })),
  };

export interface BackupRouteOptions extends AdminContext {
  /** Backs up now; absent when this process makes no automatic backups. */
  backUpNow?: (() => Promise<unknown>) | undefined;
}

export function backupRoutes({ deps, backUpNow }: BackupRouteOptions) {
  const enabled = backUpNow !== undefined;
  const state = async (actor: Actor) => {
    const s = await listBackups({ ctx: { deps, actor } });
    return {
      enabled,
      last_run: runShape(s.lastRun),
      last_success: runShape(s.lastSuccess),
      recent: s.recent.map((row) => runShape(row)!),
    };
  };
  return new OpenAPIHono<AdminEnv>({ defaultHook })
    .openapi(
      adminRoute({
        method: "get",
        path: "/backups",
        tag: "Backups",
        role: "viewer",
        operationId: "listBackups",
        summary: "Automatic backups: the last one, the last that succeeded, and each target's result",
        responses: { 200: jsonResponse(backupsSchema, "Backup state") },
      }),
      async (c) => c.json(await state(c.get("actor")), 200),
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/backups",
        tag: "Backups",
        role: "owner",
        operationId: "backUpNow",
        summary: "Make a backup now and copy it to every backup target (a restore drill starts here)",
        responses: { 200: jsonResponse(backupsSchema, "Backup state after this backup") },
      }),
      async (c) => {
        if (!backUpNow)
          throw new DomainError("conflict", "This server makes no automatic backups: set BACKUP_TARGETS.");
        await backUpNow();
        return c.json(await state(c.get("actor")), 200);
      },
    );
}
