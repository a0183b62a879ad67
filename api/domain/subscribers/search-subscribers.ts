import { and, asc, gt, sql } from "drizzle-orm";
import { type Channel, type SubscriberState, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { type Call, parseInput } from "../verb.ts";
import { searchSubscribersInput } from "./schemas.ts";

export interface SubscriberSummary {
  id: string;
  channel: Channel;
  address: string;
  state: SubscriberState;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** Subscribers whose address contains `q`, in id order, a page at a time. */
export async function searchSubscribers(
  call: Call<typeof searchSubscribersInput>,
): Promise<{ subscribers: SubscriberSummary[]; nextCursor: string | null }> {
  const input = parseInput(searchSubscribersInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  const q = input.q?.trim().toLowerCase();
  const rows = await deps.read((db) =>
    db
      .select({
        id: subscribers.id,
        channel: subscribers.channel,
        address: subscribers.address,
        state: subscribers.state,
        createdAt: subscribers.createdAt,
        confirmedAt: subscribers.confirmedAt,
      })
      .from(subscribers)
      .where(
        and(
          // instr, not LIKE: a % or _ typed by the admin is a character, not a wildcard.
          q ? sql`instr(lower(${subscribers.address}), ${q}) > 0` : undefined,
          input.after ? gt(subscribers.id, input.after) : undefined,
        ),
      )
      .orderBy(asc(subscribers.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  return { subscribers: page, nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
}
