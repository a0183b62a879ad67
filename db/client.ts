import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { Client, Config } from "@libsql/client";
import { createClient as createEmbeddedClient } from "@libsql/client/sqlite3";
import { sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
// Not `drizzle-orm/libsql`, which imports the whole @libsql/client (see createRemoteClient); this
// one wraps any client it is given.
import { drizzle } from "drizzle-orm/libsql/sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import Database from "libsql";
import { fromProjectRoot } from "../api/project-root.ts";
import { dropParametersFromQueryErrors } from "./query-errors.ts";
import * as schema from "./schema/index.ts";

export type Db = LibSQLDatabase<typeof schema>;

export interface DbHandle {
  db: Db;
  client: Client;
  /** `file` for the embedded engine, `memory`, or `remote` for a libSQL server. */
  kind: "file" | "memory" | "remote";
  /** Where the data lives, for humans: a file path, ":memory:" or the server URL without credentials. */
  location: string;
  close(): void;
}

export interface CreateDbOptions {
  url: string;
  authToken?: string | undefined;
  /** Busy timeout for the embedded engine, so concurrent writers wait instead of failing. */
  busyTimeoutMs?: number;
}

/**
 * Per-connection settings for the embedded engine. libSQL's client opens pooled connections lazily and
 * offers no hook for them, so each connection is set up on its first statement. WAL with
 * `synchronous = NORMAL` skips the fsync on every commit (SQLite's advice for WAL): the engine is
 * synchronous, so each of those fsyncs stalled the whole event loop. A power cut may lose the last
 * commits, never corrupt the file; a lost "sent" mark is covered by the provider's idempotency key.
 *
 * The client also compiles every statement again each time it runs one (it keeps none), which costs
 * more than running most of ours: each connection keeps its most recently used compiled statements.
 * A compiled statement is reset before each run and recompiled by SQLite itself after a schema
 * change, and the client always runs a statement to its end, so sharing one between calls is safe.
 */
function configureEmbeddedConnections() {
  const configured = new WeakMap<object, Map<string, unknown>>();
  const proto = Database.prototype as { prepare(sql: string): unknown; exec(sql: string): void };
  const prepare = proto.prepare;
  if ((prepare as { vigie?: true }).vigie) return;
  const wrapped = function (this: { memory: boolean; exec(sql: string): void }, sql: string) {
    let statements = configured.get(this);
    if (!statements) {
      statements = new Map();
      configured.set(this, statements);
      if (!this.memory) this.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
    }
    let statement = statements.get(sql);
    if (statement === undefined) statement = prepare.call(this, sql);
    else statements.delete(sql);
    // Least recently used first: the oldest goes once the connection keeps too many.
    statements.set(sql, statement);
    if (statements.size > statementsKeptPerConnection) statements.delete(statements.keys().next().value!);
    return statement;
  };
  proto.prepare = Object.assign(wrapped, { vigie: true as const });
}

/** Enough for every statement a busy loop runs (the monitor's, the notifier's), small next to the page cache. */
const statementsKeptPerConnection = 64;

const migrationsFolder = fromProjectRoot("db", "migrations");

function classify(url: string): { kind: DbHandle["kind"]; clientUrl: string; location: string } {
  if (url === ":memory:" || url === "file::memory:")
    return { kind: "memory", clientUrl: ":memory:", location: ":memory:" };
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    const absolute = resolve(path);
    return { kind: "file", clientUrl: `file:${absolute}`, location: absolute };
  }
  const parsed = new URL(url);
  parsed.password = "";
  parsed.username = "";
  parsed.searchParams.delete("authToken");
  return { kind: "remote", clientUrl: url, location: parsed.toString() };
}

/**
 * The client of a libSQL server (its WebSocket and HTTP code, about 15 MiB once loaded) is loaded
 * only for a remote DATABASE_URL: an embedded file or memory database needs none of it.
 */
function createRemoteClient(config: Config): Client {
  const remote = createRequire(import.meta.url)("@libsql/client") as typeof import("@libsql/client");
  return remote.createClient(config);
}

/** Opens the database (WAL + busy timeout for embedded files). Call `migrateDb` before use. */
export function createDb(options: CreateDbOptions): DbHandle {
  const { kind, clientUrl, location } = classify(options.url);
  dropParametersFromQueryErrors();
  if (kind === "file") mkdirSync(dirname(location), { recursive: true });
  if (kind !== "remote") configureEmbeddedConnections();
  const client = (kind === "remote" ? createRemoteClient : createEmbeddedClient)({
    url: clientUrl,
    authToken: options.authToken,
    timeout: options.busyTimeoutMs ?? 5_000,
  });
  const db = drizzle(client, { schema });
  return { db, client, kind, location, close: () => client.close() };
}

/** Applies every pending migration from db/migrations (the same SQL in tests and in production). */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === "file") await handle.client.execute("PRAGMA journal_mode = WAL");
  await handle.client.execute("PRAGMA foreign_keys = ON");
  await migrate(handle.db, { migrationsFolder });
}

export interface MigrationStatus {
  /** Migrations shipped with this version that the database has not applied. */
  pending: number;
  /** Migrations the database has applied that this version does not know (a newer version ran). */
  unknown: number;
}

let shipped: number[] | undefined;

/**
 * Compares the database's applied migrations with the ones shipped, the way drizzle's migrator
 * decides what to apply: by the timestamp of the last applied one.
 */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  shipped ??= readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
  const table = await db.all(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`,
  );
  if (table.length === 0) return { pending: shipped.length, unknown: 0 };
  const rows = await db.all<{ created_at: number }>(sql`SELECT created_at FROM __drizzle_migrations`);
  const applied = rows.map((row) => Number(row.created_at));
  const last = applied.length ? Math.max(...applied) : 0;
  const latestShipped = shipped.length ? Math.max(...shipped) : 0;
  return {
    pending: shipped.filter((when) => when > last).length,
    unknown: applied.filter((when) => when > latestShipped).length,
  };
}
