import { DrizzleQueryError } from "drizzle-orm/errors";
import { SQLitePreparedQuery } from "drizzle-orm/sqlite-core";

/** Longest SQL text kept in a message: enough to tell which statement failed. */
const maxQueryLength = 400;

/**
 * A statement the database refused, described by the driver's own words (its code, such as
 * `SQLITE_READONLY`, and message) and the SQL text with its placeholders. The bound values are
 * dropped on purpose: they are subscribers' addresses and password, session and token hashes, and
 * errors end up in logs.
 */
export class DatabaseQueryError extends Error {
  override name = "DatabaseQueryError";
  /** The driver's code (`SQLITE_READONLY`, `SQLITE_BUSY`...), when it gave one. */
  readonly code: string | undefined;

  constructor(
    readonly query: string,
    cause: unknown,
  ) {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const sql = query.length > maxQueryLength ? `${query.slice(0, maxQueryLength)}…` : query;
    super(`${reason} (query: ${sql})`, { cause });
    this.code = typeof code === "string" ? code : undefined;
  }
}

type QueryWithCache = (query: string, params: unknown[], run: () => Promise<unknown>) => Promise<unknown>;

/**
 * Drizzle wraps every failed statement in an error whose message lists the bound parameters, so
 * anything that logs the error (or its stack) would write them out. Every query of this process goes
 * through one method of its prepared statements, where the error is replaced by one without them.
 */
export function dropParametersFromQueryErrors() {
  const proto = SQLitePreparedQuery.prototype as unknown as {
    queryWithCache: QueryWithCache & { vigie?: true };
  };
  const original = proto.queryWithCache;
  if (original.vigie) return;
  const wrapped: QueryWithCache = async function (this: unknown, query, params, run) {
    try {
      return await original.call(this, query, params, run);
    } catch (error) {
      throw error instanceof DrizzleQueryError ? new DatabaseQueryError(query, error.cause) : error;
    }
  };
  proto.queryWithCache = Object.assign(wrapped, { vigie: true as const });
}
