import { resolve } from "node:path";
import { createDb, type DbHandle, migrateDb } from "../db/client.ts";
import type { Config } from "./config.ts";
import type { Clock } from "./domain/clock.ts";
import { createDeps, type Deps } from "./domain/context.ts";
import type { Logger } from "./domain/logger.ts";

export interface Booted {
  handle: DbHandle;
  deps: Deps;
}

/** The database cannot be opened or migrated; the message names where it is and why. */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

/** Where a DATABASE_URL points, for humans: a file path or the server URL without credentials. */
function describeLocation(url: string): string {
  if (url.startsWith("file:")) return resolve(url.slice("file:".length).replace(/^\/\/(?=\/)/, ""));
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return url;
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
}

export interface OpenDatabaseOptions {
  /** Refuse a database this process cannot write to (the server: every change would fail later). */
  requireWritable?: boolean;
}

/**
 * Whether the database takes writes, with a statement that changes nothing but still needs the write
 * lock: a read-only file (or folder, or mount) opens and migrates fine when nothing is pending, then
 * refuses every change with SQLITE_READONLY.
 */
async function checkWritable(handle: DbHandle): Promise<void> {
  await handle.client.execute("UPDATE __drizzle_migrations SET id = id WHERE 0");
}

function notWritable(location: string, kind: DbHandle["kind"], error: unknown): DatabaseOpenError {
  const fix =
    kind === "file"
      ? "let the account running Vigie write that file and its folder (SQLite creates -wal and -shm files next to it)"
      : "use credentials that may write to it";
  return new DatabaseOpenError(
    `the database at ${location} is read-only (${reason(error)}): ${fix}, or point DATABASE_URL at a writable one`,
    { cause: error },
  );
}

/** Opens and migrates the configured database: shared by the server and the CLI. */
export async function openDatabase(
  config: Pick<Config, "database">,
  clock: Clock,
  logger: Logger,
  { requireWritable = false }: OpenDatabaseOptions = {},
): Promise<Booted> {
  const fail = (error: unknown) =>
    new DatabaseOpenError(
      `cannot open the database at ${describeLocation(config.database.url)}: ${reason(error)}`,
      { cause: error },
    );
  let handle: DbHandle;
  try {
    handle = createDb({ url: config.database.url, authToken: config.database.authToken });
  } catch (error) {
    throw fail(error);
  }
  try {
    await migrateDb(handle);
  } catch (error) {
    handle.close();
    throw fail(error);
  }
  if (requireWritable) {
    try {
      await checkWritable(handle);
    } catch (error) {
      handle.close();
      throw notWritable(describeLocation(config.database.url), handle.kind, error);
    }
  }
  return { handle, deps: createDeps({ handle, clock, logger }) };
}
