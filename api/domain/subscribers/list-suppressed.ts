import { and, asc, eq, gt, sql } from "drizzle-orm";
import { type Channel, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { pageInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";

export interface SuppressedAddress {
  id: string;
  channel: Channel;
  address: string;
  reason: string | null;
  /** When the address was suppressed (older rows: their last change). */
  suppressedAt: Date;
}

/** Addresses no message goes to any more (hard bounce, complaint), in id order, a page at a time. */
export async function listSuppressed(
  call: Call<typeof pageInput>,
): Promise<{ subscribers: SuppressedAddress[]; nextCursor: string | null }> {
  const input = parseInput(pageInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  const rows = await deps.read((db) =>
    db
      .select({
        id: subscribers.id,
        channel: subscribers.channel,
        address: subscribers.address,
        reason: subscribers.suppressedReason,
        suppressedAt: sql<Date>`coalesce(${subscribers.suppressedAt}, ${subscribers.updatedAt})`.mapWith(
          subscribers.updatedAt,
        ),
      })
      .from(subscribers)
      .where(
        and(eq(subscribers.state, "suppressed"), input.after ? gt(subscribers.id, input.after) : undefined),
      )
      .orderBy(asc(subscribers.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  return { subscribers: page, nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
}
