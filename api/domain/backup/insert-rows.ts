import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Tx } from "../context.ts";

/** Rows per INSERT statement: far below SQLite's bound-parameter limit for the widest table. */
const rowsPerStatement = 100;

/** Inserts rows as they are (ids and timestamps included), a few statements per call. */
export async function insertRows(tx: Tx, table: SQLiteTable, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    await tx.insert(table).values(rows.slice(i, i + rowsPerStatement) as never);
  }
}
