import { DomainError } from "../errors.ts";
import type { BackupHeader } from "./backup-format.ts";
import { type BackedUpTable, backedUpTables, notBackedUp } from "./backup-tables.ts";
import { type BackupLayout, type BackupSource, readBackup } from "./read-backup.ts";
import { decodeRow, type TableCodec, tableCodec } from "./table-codec.ts";

export type RestoreEvent =
  | { kind: "header"; header: BackupHeader }
  | { kind: "table"; spec: BackedUpTable; codec: TableCodec }
  /** `withoutSecret`: the row's secret columns were not exported and were filled in. */
  | { kind: "row"; codec: TableCodec; values: Record<string, unknown>; withoutSecret: boolean };

const specs = backedUpTables.map((spec) => ({ spec, codec: tableCodec(spec.table) }));

const invalid = (message: string) => new DomainError("invalid_input", message);

/**
 * The rows of a backup, checked and decoded, table by table in restore order: an unknown table, a
 * table out of order or a row that does not fit its table stops everything with a message naming
 * where it is and what is wrong.
 */
export async function* restoreRows(
  source: BackupSource,
  layout: BackupLayout,
  now: Date,
): AsyncGenerator<RestoreEvent> {
  let current: (typeof specs)[number] | undefined;
  let lastIndex = -1;
  for await (const event of readBackup(source, layout)) {
    if (event.kind === "header") {
      yield event;
    } else if (event.kind === "table") {
      const index = specs.findIndex((s) => s.codec.name === event.table);
      if (index < 0) {
        const reason = notBackedUp[event.table];
        throw invalid(
          reason
            ? `${event.where}: table "${event.table}" is never restored (${reason}); remove it from the file.`
            : `${event.where}: unknown table "${event.table}"; was the backup made by a newer Vigie?`,
        );
      }
      if (index <= lastIndex)
        throw invalid(
          `${event.where}: table "${event.table}" comes after "${specs[lastIndex]!.codec.name}"${
            index === lastIndex ? " twice" : ""
          }; tables must appear once, in the order vigie export writes them.`,
        );
      lastIndex = index;
      current = specs[index]!;
      yield { kind: "table", ...current };
    } else {
      const { spec, codec } = current!;
      const row = event.row;
      let withoutSecret = false;
      if (spec.secretColumns && typeof row === "object" && row !== null && !Array.isArray(row)) {
        const record = row as Record<string, unknown>;
        if (spec.secretColumns.columns.some((c) => !(c in record))) {
          spec.secretColumns.restore(record, now);
          withoutSecret = true;
        }
      }
      const decoded = decodeRow(codec, row);
      if (!decoded.ok) throw invalid(`${event.where}: ${decoded.error}.`);
      yield { kind: "row", codec, values: decoded.values, withoutSecret };
    }
  }
}
