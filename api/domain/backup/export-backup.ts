import type { Client, InStatement, ResultSet } from "@libsql/client";
import { z } from "zod";
import { authorize } from "../authorize.ts";
import { type Call, type Ctx, parseInput } from "../verb.ts";
import { type BackupHeader, backupFormat, backupVersion, headerLine } from "./backup-format.ts";
import { type BackedUpTable, backedUpTables } from "./backup-tables.ts";
import { encodeRow, tableCodec } from "./table-codec.ts";

export interface BackupProgress {
  table: string;
  rows: number;
  /** Rows the table holds in all (known when restoring). */
  total?: number;
  done: boolean;
}

/** What the process supplies to an export: where the rows come from and go, and how it reports. */
export interface ExportBackupCtx extends Ctx {
  /** The raw client: a read transaction gives a consistent snapshot without blocking writers. */
  client: Client;
  write: (text: string) => void | Promise<void>;
  onProgress?: ((progress: BackupProgress) => void) | undefined;
  pageSize?: number | undefined;
  progressEvery?: number | undefined;
  /**
   * Read everything in one read transaction (default). A libSQL server bounds how long a
   * transaction may stay open, so remote exports read page by page without one.
   */
  snapshot?: boolean | undefined;
}

type Reader = { execute(statement: InStatement): Promise<ResultSet> };

/** What the person exporting chooses. */
export const exportBackupInput = z.strictObject({
  withSecrets: z.boolean(),
});

/**
 * Writes the whole page's data as a versioned JSON document, table by table and page by page, so
 * memory stays flat however many subscribers there are. Returns the row count of each table.
 */
export async function exportBackup(
  call: Call<typeof exportBackupInput, ExportBackupCtx>,
): Promise<Record<string, number>> {
  const { withSecrets } = parseInput(exportBackupInput, call.input);
  const { deps, actor, client, write, snapshot = true } = call.ctx;
  authorize(actor, "owner");
  return deps.read(async () => {
    const tx = snapshot ? await client.transaction("read") : null;
    const reader: Reader = tx ?? client;
    try {
      const header: BackupHeader = {
        format: backupFormat,
        version: backupVersion,
        exported_at: deps.clock.now().toISOString(),
        with_secrets: withSecrets,
        page_updated_at: await pageUpdatedAt(reader),
      };
      await write(headerLine(header));
      const counts: Record<string, number> = {};
      const tables = backedUpTables.filter((spec) => withSecrets || !spec.secret);
      for (const [index, spec] of tables.entries()) {
        const name = tableCodec(spec.table).name;
        await write(`${index === 0 ? "" : ",\n"}${JSON.stringify(name)}:[`);
        counts[name] = await exportTable(reader, spec, withSecrets, call.ctx);
        await write(counts[name] ? "\n]" : "]");
      }
      await write("\n}}\n");
      return counts;
    } finally {
      tx?.close();
    }
  });
}

async function exportTable(reader: Reader, spec: BackedUpTable, withSecrets: boolean, ctx: ExportBackupCtx) {
  const { pageSize = 1000, progressEvery = 10_000, write, onProgress } = ctx;
  const codec = tableCodec(spec.table);
  const skip = new Set(withSecrets ? [] : (spec.secretColumns?.columns ?? []));
  const columns = codec.columns.map((c) => `"${c.name}"`).join(", ");
  let rows = 0;
  for (const pass of spec.passes ?? ["1 = 1"]) {
    // Keyset paging on rowid: insertion order, which a restore reproduces, at a constant cost per page.
    let after: number | null = null;
    for (;;) {
      const result: ResultSet = await reader.execute({
        sql: `SELECT rowid AS "__rowid", ${columns} FROM "${codec.name}" WHERE (${pass})${
          after === null ? "" : " AND rowid > ?"
        } ORDER BY rowid LIMIT ?`,
        args: after === null ? [pageSize] : [after, pageSize],
      });
      if (result.rows.length === 0) break;
      let text = "";
      for (const raw of result.rows) {
        text += `${rows === 0 ? "\n" : ",\n"}${JSON.stringify(encodeRow(codec, raw, skip))}`;
        rows++;
        if (rows % progressEvery === 0) onProgress?.({ table: codec.name, rows, done: false });
      }
      await write(text);
      after = Number(result.rows.at(-1)!.__rowid);
      if (result.rows.length < pageSize) break;
    }
  }
  onProgress?.({ table: codec.name, rows, done: true });
  return rows;
}

/**
 * The public page's `updated_at` comes from its newest event, by the rule of `loadPublicData`:
 * tokens, provider alerts and backups aside, but a change to what the page shows of a provider counts.
 */
async function pageUpdatedAt(reader: Reader): Promise<string | null> {
  const result = await reader.execute(
    `SELECT max(created_at) AS at FROM outbox_events WHERE type NOT LIKE 'token.%' AND (type NOT LIKE 'dependency.%' OR type = 'dependency.page_changed') AND type NOT LIKE 'backup.%'`,
  );
  const at = result.rows[0]?.at;
  return at === null || at === undefined ? null : new Date(Number(at)).toISOString();
}
