import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import type { DeliveryState } from "../../../db/schema/deliveries.ts";
import { deliveries } from "../../../db/schema/index.ts";
import type { Channel } from "../types.ts";

/** Deliveries by current state; they add up to `recipients`. */
export type DeliveryCounts = Record<DeliveryState, number> & { recipients: number };

/** Counts per channel, listing only the channels that carried at least one message. */
export type CountsByChannel = Partial<Record<Channel, DeliveryCounts>>;

const countOf = (state: DeliveryState) =>
  sql<number>`sum(case when ${deliveries.state} = ${state} then 1 else 0 end)`.mapWith(Number);

/** The aggregate columns of a `DeliveryCounts`, for a query grouped however the caller needs. */
export const countColumns = {
  recipients: sql<number>`count(*)`.mapWith(Number),
  pending: countOf("pending"),
  sent: countOf("sent"),
  delivered: countOf("delivered"),
  bounced: countOf("bounced"),
  complained: countOf("complained"),
  failed: countOf("failed"),
};

const emptyCounts = (): DeliveryCounts => ({
  recipients: 0,
  pending: 0,
  sent: 0,
  delivered: 0,
  bounced: 0,
  complained: 0,
  failed: 0,
});

/**
 * The deliveries matching `where`, counted per cause and channel. An admin reads "SMS: 40 delivered,
 * 2 failed" apart from email, since each channel fails for its own reasons.
 */
export async function countByCauseAndChannel(
  db: Db,
  where: SQL | undefined,
): Promise<Map<string, CountsByChannel>> {
  const rows = await db
    .select({ cause: deliveries.cause, channel: deliveries.channel, ...countColumns })
    .from(deliveries)
    .where(where)
    .groupBy(deliveries.cause, deliveries.channel);
  const byCause = new Map<string, CountsByChannel>();
  for (const { cause, channel, ...counts } of rows) {
    const entry = byCause.get(cause) ?? {};
    entry[channel] = counts;
    byCause.set(cause, entry);
  }
  return byCause;
}

/** Adds up the per-channel counts of several causes (an update id can name more than one). */
export function mergeByChannel(parts: Iterable<CountsByChannel>): CountsByChannel {
  const total: CountsByChannel = {};
  for (const part of parts) {
    for (const [channel, counts] of Object.entries(part) as [Channel, DeliveryCounts][]) {
      const sum = total[channel] ?? emptyCounts();
      total[channel] = sum;
      for (const key of Object.keys(sum) as (keyof DeliveryCounts)[]) sum[key] += counts[key];
    }
  }
  return total;
}
