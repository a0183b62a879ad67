import { count } from "drizzle-orm";
import { authorize } from "../authorize.ts";
import type { Deps } from "../context.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import type { Ctx } from "../verb.ts";
import type { BackupHeader } from "./backup-format.ts";
import { restoreRows } from "./backup-rows.ts";
import { backedUpTables } from "./backup-tables.ts";
import type { BackupProgress } from "./export-backup.ts";
import { insertRows } from "./insert-rows.ts";
import { type BackupLayout, type BackupSource, LayoutMismatch } from "./read-backup.ts";
import { tableCodec } from "./table-codec.ts";

/** What the process supplies to a restore: the file, and how the restore reports and batches. */
export interface ImportBackupCtx extends Ctx {
  source: BackupSource;
  onProgress?: ((progress: BackupProgress) => void) | undefined;
  /** Rows per transaction: bounded, so a large restore never holds the write lock for long. */
  batchRows?: number | undefined;
  progressEvery?: number | undefined;
}

export interface ImportBackupResult {
  header: BackupHeader;
  counts: Record<string, number>;
  /** What the restore could not bring back, in words for the person who runs it. */
  warnings: string[];
}

/**
 * Restores a backup into an empty database. The whole file is read and checked first, so a bad row
 * at the end refuses the file before anything is written; then tables go in dependency order.
 */
export async function importBackup({ ctx }: { ctx: ImportBackupCtx }): Promise<ImportBackupResult> {
  const { deps, actor, source } = ctx;
  authorize(actor, "owner");
  const now = deps.clock.now();
  const checked = await checkBackup(source, now);
  await assertEmpty(deps);
  const { header, counts } = checked;
  const withoutSecret = await restore(ctx, checked.layout, now, counts);
  // Wakes the publisher and caches; dated like the source's last change so the page says the same.
  await deps.write((tx) =>
    appendEvent(tx, header.page_updated_at ? new Date(header.page_updated_at) : now, "settings.updated", {
      restored_backup: header.exported_at,
    }),
  );
  return { header, counts, warnings: warningsFor(counts, withoutSecret) };
}

interface CheckedBackup {
  layout: BackupLayout;
  header: BackupHeader;
  counts: Record<string, number>;
}

async function checkBackup(source: BackupSource, now: Date): Promise<CheckedBackup> {
  for (const layout of ["lines", "document"] as const) {
    try {
      let header: BackupHeader | undefined;
      const counts: Record<string, number> = {};
      for await (const event of restoreRows(source, layout, now)) {
        if (event.kind === "header") header = event.header;
        else if (event.kind === "table") counts[event.codec.name] = 0;
        else counts[event.codec.name]!++;
      }
      return { layout, header: header!, counts };
    } catch (error) {
      if (!(error instanceof LayoutMismatch)) throw error;
    }
  }
  throw new Error("unreachable: the document layout never reports a layout mismatch");
}

async function assertEmpty(deps: Deps): Promise<void> {
  const filled: string[] = [];
  for (const { table } of backedUpTables) {
    const [row] = await deps.read((db) => db.select({ n: count() }).from(table));
    if (row && row.n > 0) filled.push(`${tableCodec(table).name} (${row.n})`);
  }
  if (filled.length === 0) return;
  const named =
    filled.length > 4
      ? `${filled.slice(0, 3).join(", ")} and ${filled.length - 3} other tables`
      : filled.join(", ");
  throw new DomainError(
    "conflict",
    `the database is not empty: ${named} already hold rows. A backup restores only into an empty database: point DATABASE_URL at a new file and run vigie import again.`,
  );
}

async function restore(
  ctx: ImportBackupCtx,
  layout: BackupLayout,
  now: Date,
  counts: Record<string, number>,
): Promise<Record<string, number>> {
  const { deps, source, batchRows = 500, progressEvery = 10_000, onProgress } = ctx;
  const withoutSecret: Record<string, number> = {};
  let batch: Record<string, unknown>[] = [];
  let table: ReturnType<typeof tableCodec> | undefined;
  let done = 0;
  const flush = async () => {
    if (!table || batch.length === 0) return;
    const rows = batch;
    const { name, table: target } = table;
    batch = [];
    try {
      await deps.write((tx) => insertRows(tx, target, rows));
    } catch (error) {
      throw new DomainError(
        "invalid_input",
        `restoring ${name} failed near row ${done - rows.length + 1}: ${(error as Error).message}. ` +
          "The database now holds part of the backup: delete it and import again into an empty one.",
      );
    }
  };
  const finishTable = async () => {
    await flush();
    if (table) onProgress?.({ table: table.name, rows: done, total: counts[table.name]!, done: true });
  };
  for await (const event of restoreRows(source, layout, now)) {
    if (event.kind === "table") {
      await finishTable();
      table = event.codec;
      done = 0;
    } else if (event.kind === "row") {
      batch.push(event.values);
      done++;
      if (event.withoutSecret) withoutSecret[event.codec.name] = (withoutSecret[event.codec.name] ?? 0) + 1;
      if (batch.length >= batchRows) await flush();
      if (done % progressEvery === 0)
        onProgress?.({ table: event.codec.name, rows: done, total: counts[event.codec.name]!, done: false });
    }
  }
  await finishTable();
  return withoutSecret;
}

function warningsFor(counts: Record<string, number>, withoutSecret: Record<string, number>): string[] {
  const warnings: string[] = [];
  if (counts.installation_secrets === undefined)
    warnings.push(
      "The backup was made without --with-secrets: this installation gets a new link-signing key, so confirm, manage and unsubscribe links in messages sent before the restore no longer work, and webhook subscribers' signing secrets change.",
    );
  const users = withoutSecret.users ?? 0;
  if (users)
    warnings.push(
      `${users} console user${users === 1 ? " was" : "s were"} restored without a password: set one with vigie user set-password --email <email> --password-stdin.`,
    );
  const tokens = withoutSecret.api_tokens ?? 0;
  if (tokens)
    warnings.push(
      `${tokens} API token${tokens === 1 ? " was" : "s were"} restored revoked, without a secret: create new ones with vigie token create.`,
    );
  return warnings;
}
