import { and, asc, eq, gt, sql } from "drizzle-orm";
import { type Channel, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { pageInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";

export interface DisabledEndpoint {
  id: string;
  channel: Channel;
  /** The webhook or chat URL. */
  url: string;
  /** The last error the endpoint answered before it was disabled. */
  reason: string | null;
  /** Since when every attempt failed (kept from before the endpoint was disabled). */
  failingSince: Date | null;
  disabledAt: Date;
}

/**
 * Webhook and chat endpoints the notifier gave up on after a day of failures, in id order, a page
 * at a time: admins see which receivers to fix or tell about.
 */
export async function listDisabled(
  call: Call<typeof pageInput>,
): Promise<{ subscribers: DisabledEndpoint[]; nextCursor: string | null }> {
  const input = parseInput(pageInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  const rows = await deps.read((db) =>
    db
      .select({
        id: subscribers.id,
        channel: subscribers.channel,
        url: subscribers.address,
        reason: subscribers.disabledReason,
        failingSince: subscribers.failingSince,
        disabledAt: sql<Date>`coalesce(${subscribers.disabledAt}, ${subscribers.updatedAt})`.mapWith(
          subscribers.updatedAt,
        ),
      })
      .from(subscribers)
      .where(
        and(eq(subscribers.state, "disabled"), input.after ? gt(subscribers.id, input.after) : undefined),
      )
      .orderBy(asc(subscribers.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  return { subscribers: page, nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
}
