import { getTableColumns } from "drizzle-orm";
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";

/** How a column's value is written in a backup: JSON types, dates as ISO 8601 in UTC. */
type ColumnKind = "text" | "integer" | "timestamp" | "boolean" | "json";

const kinds: Record<string, ColumnKind> = {
  SQLiteText: "text",
  SQLiteInteger: "integer",
  SQLiteTimestamp: "timestamp",
  SQLiteBoolean: "boolean",
  SQLiteTextJson: "json",
};

export interface ColumnCodec {
  /** The property drizzle uses. */
  key: string;
  /** The SQL name, used in the backup file. */
  name: string;
  kind: ColumnKind;
  column: SQLiteColumn;
}

export interface TableCodec {
  name: string;
  table: SQLiteTable;
  columns: ColumnCodec[];
  byName: Map<string, ColumnCodec>;
}

export function tableCodec(table: SQLiteTable): TableCodec {
  const config = getTableConfig(table);
  const columns = Object.entries(getTableColumns(table)).map(([key, column]): ColumnCodec => {
    const kind = kinds[column.columnType];
    // A new column type needs its own encoding here; failing loudly beats a lossy backup.
    if (!kind)
      throw new Error(`backup: no encoding for ${config.name}.${column.name} (${column.columnType})`);
    return { key, name: column.name, kind, column: column as SQLiteColumn };
  });
  return { name: config.name, table, columns, byName: new Map(columns.map((c) => [c.name, c])) };
}

/** A row as the database driver returns it → the JSON object written in the backup. */
export function encodeRow(codec: TableCodec, raw: Record<string, unknown>, skip: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const c of codec.columns) {
    if (skip.has(c.name)) continue;
    const value = raw[c.name];
    if (value === null || value === undefined) out[c.name] = null;
    else if (c.kind === "timestamp") out[c.name] = (c.column.mapFromDriverValue(value) as Date).toISOString();
    else if (c.kind === "integer") out[c.name] = Number(value);
    else out[c.name] = c.column.mapFromDriverValue(value);
  }
  return out;
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function expected(kind: ColumnKind): string {
  switch (kind) {
    case "timestamp":
      return "an ISO 8601 date-time";
    case "integer":
      return "an integer";
    case "json":
      return "a JSON value";
    default:
      return `a ${kind === "text" ? "string" : kind}`;
  }
}

function decodeValue(c: ColumnCodec, value: unknown): unknown {
  switch (c.kind) {
    case "text":
      return typeof value === "string" ? value : undefined;
    case "integer":
      return Number.isSafeInteger(value) ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "json":
      return value;
    case "timestamp": {
      if (typeof value !== "string" || !isoDateTime.test(value)) return undefined;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A row of a backup → the values drizzle inserts, or an error that names the column and says what
 * was expected. Columns the backup leaves out take their default, when they have one.
 */
export function decodeRow(
  codec: TableCodec,
  row: unknown,
): { ok: true; values: Record<string, unknown> } | { ok: false; error: string } {
  if (typeof row !== "object" || row === null || Array.isArray(row))
    return { ok: false, error: `a row of ${codec.name} must be a JSON object` };
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(row)) {
    if (!codec.byName.has(name)) return { ok: false, error: `${codec.name} has no column "${name}"` };
  }
  for (const c of codec.columns) {
    const value = (row as Record<string, unknown>)[c.name];
    const where = `${codec.name}.${c.name}`;
    if (value === undefined) {
      if (c.column.notNull && !c.column.hasDefault) return { ok: false, error: `${where} is missing` };
      continue;
    }
    if (value === null) {
      if (c.column.notNull) return { ok: false, error: `${where} must not be null` };
      values[c.key] = null;
      continue;
    }
    const decoded = decodeValue(c, value);
    if (decoded === undefined)
      return { ok: false, error: `${where} must be ${expected(c.kind)}, not ${preview(value)}` };
    values[c.key] = decoded;
  }
  return { ok: true, values };
}
