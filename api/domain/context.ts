import { max } from "drizzle-orm";
import type { Db, DbHandle } from "../../db/client.ts";
import type { Role } from "../../db/schema/enums.ts";
import { outboxEvents } from "../../db/schema/index.ts";
import type { Clock } from "./clock.ts";
import type { Logger } from "./logger.ts";
import { createSignals, type Signals, takeAfterCommit } from "./signals.ts";

/** Who is acting: shown in the audit log and checked against the role a verb needs. */
export interface Actor {
  /** e.g. `token:tok_…`, `cli`, `system:scheduler`. */
  id: string;
  role: Role;
}

export const systemActor = (name: string): Actor => ({ id: `system:${name}`, role: "owner" });

/** A FIFO async mutex: SQLite has one writer, so writes in one process queue here instead of failing. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Everything a domain verb needs, injected once at the entry point. `read`/`write` gate database access:
 * an in-memory database has one connection, so there every access is serialised.
 */
export interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One statement that is atomic on its own (an `UPDATE … RETURNING`), queued with the writes like
   * `write` but without the BEGIN and COMMIT of a transaction around it. Not for several statements.
   */
  writeStatement<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** The version of the public data: the last outbox sequence number. */
  dataVersion(): Promise<number>;
  /** The data version when it is known to be fresh, without touching the database; else undefined. */
  peekDataVersion(): number | undefined;
  /** What committed writes tell this process's workers (see signals.ts). */
  signals: Signals;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface CreateDepsOptions {
  handle: DbHandle;
  clock: Clock;
  logger: Logger;
  /** How long another process's writes may go unseen by the public cache. */
  versionTtlMs?: number;
  /** Where committed writes' signals go; a new set of listeners by default. */
  signals?: Signals;
}

export function createDeps({
  handle,
  clock,
  logger,
  versionTtlMs = 500,
  signals = createSignals((signal, error) =>
    logger.error("a signal listener failed", { signal, error: String(error) }),
  ),
}: CreateDepsOptions): Deps {
  const writes = new Mutex();
  const serialised = handle.kind === "memory";
  const read = <T>(fn: (db: Db) => Promise<T>) =>
    serialised ? writes.run(() => fn(handle.db)) : fn(handle.db);
  let version = -1;
  let checkedAt = 0;
  const dataVersion = async () => {
    const now = Date.now();
    if (version >= 0 && now - checkedAt < versionTtlMs) return version;
    const [row] = await read((db) => db.select({ seq: max(outboxEvents.seq) }).from(outboxEvents));
    version = row?.seq ?? 0;
    checkedAt = now;
    return version;
  };
  const peekDataVersion = () => (version >= 0 && Date.now() - checkedAt < versionTtlMs ? version : undefined);
  const written = () => {
    checkedAt = 0;
  };
  const write = async <T>(fn: (tx: Tx) => Promise<T>) => {
    let committed: Tx | undefined;
    const result = await writes
      .run(() =>
        handle.db.transaction(async (tx) => {
          const value = await fn(tx);
          committed = tx;
          return value;
        }),
      )
      .finally(written);
    // Only now is the change visible to the workers the signals wake.
    if (committed) for (const signal of takeAfterCommit(committed)) signals.fire(signal);
    return result;
  };
  const writeStatement = <T>(fn: (db: Db) => Promise<T>) => writes.run(() => fn(handle.db)).finally(written);
  return { db: handle.db, clock, logger, read, write, writeStatement, dataVersion, peekDataVersion, signals };
}
