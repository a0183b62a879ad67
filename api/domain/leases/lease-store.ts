import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { leases } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";

/** The jobs only one process may do at a time. */
export const leaseNames = ["publisher", "notifier", "scheduler", "backups"] as const;
export type LeaseName = (typeof leaseNames)[number];

/** Names this process among those sharing the database: host and pid say where to look. */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** The database's clock in milliseconds: the one clock every process sharing it agrees on. */
const dbNow = sql`cast(unixepoch('subsec') * 1000 as integer)`;

/**
 * Takes the lease, or renews it when this holder has it already, in one statement: the row is
 * written only when it is missing, is this holder's, or has expired, so two processes can never
 * both come out holding it. Returns whether `holder` holds it now.
 */
export async function acquireLease(deps: Deps, name: LeaseName, holder: string, ttlMs: number) {
  const expires = sql`${dbNow} + ${ttlMs}`;
  const rows = await deps.write((tx) =>
    tx
      .insert(leases)
      .values({ name, holder, acquiredAt: sql`${dbNow}`, expiresAt: expires })
      .onConflictDoUpdate({
        target: leases.name,
        set: {
          holder,
          expiresAt: expires,
          acquiredAt: sql`case when ${leases.holder} = ${holder} then ${leases.acquiredAt} else ${dbNow} end`,
        },
        setWhere: sql`${leases.holder} = ${holder} or ${leases.expiresAt} <= ${dbNow}`,
      })
      .returning({ holder: leases.holder }),
  );
  return rows.length === 1 && rows[0]!.holder === holder;
}

/** Gives the lease up (a clean stop), so another process takes over without waiting for it to expire. */
export async function releaseLease(deps: Deps, name: LeaseName, holder: string): Promise<void> {
  await deps.write((tx) => tx.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))));
}

export interface LeaseHolding {
  name: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

/** Who holds which lease, expired ones left out (their holder stopped renewing). */
export async function listLeases(deps: Deps): Promise<LeaseHolding[]> {
  return deps.read((db) =>
    db.select().from(leases).where(sql`${leases.expiresAt} > ${dbNow}`).orderBy(leases.name),
  );
}
