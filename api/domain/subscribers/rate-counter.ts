import { sql } from "drizzle-orm";
import { rateCounters } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";

export interface CounterHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window closes (at least 1). */
  resetInS: number;
}

/**
 * Counts one hit on a fixed-window counter kept in the database, so a restart or another process
 * sharing the database does not start it over. One statement: concurrent hits all count.
 */
export async function hitCounter(tx: Tx, key: string, windowMs: number, at: Date): Promise<CounterHit> {
  const now = at.getTime();
  const [row] = await tx
    .insert(rateCounters)
    .values({ key, count: 1, windowEndsAt: new Date(now + windowMs) })
    .onConflictDoUpdate({
      target: rateCounters.key,
      set: {
        count: sql`case when ${rateCounters.windowEndsAt} <= ${now} then 1 else ${rateCounters.count} + 1 end`,
        windowEndsAt: sql`case when ${rateCounters.windowEndsAt} <= ${now} then ${now + windowMs} else ${rateCounters.windowEndsAt} end`,
      },
    })
    .returning({ count: rateCounters.count, windowEndsAt: rateCounters.windowEndsAt });
  return { count: row!.count, resetInS: Math.max(1, Math.ceil((row!.windowEndsAt.getTime() - now) / 1000)) };
}

/** Drops counters whose window closed long ago (keeps the table as small as the traffic of a day). */
export async function pruneCounters(tx: Tx, at: Date): Promise<void> {
  await tx.delete(rateCounters).where(sql`${rateCounters.windowEndsAt} <= ${at.getTime() - 86_400_000}`);
}
