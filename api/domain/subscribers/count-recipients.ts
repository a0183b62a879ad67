import { and, count, eq, exists, inArray, notExists, or } from "drizzle-orm";
import { type Channel, subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Locale } from "../types.ts";
import { type Call, parseInput } from "../verb.ts";
import { recipientCountInput } from "./schemas.ts";

export interface RecipientCount {
  channel: Channel;
  locale: Locale;
  count: number;
}

/**
 * How many confirmed subscribers a message about these components would reach, per channel and
 * language: the same rule the notifier expands deliveries with, counted instead of inserted.
 */
export async function countRecipients(call: Call<typeof recipientCountInput>): Promise<RecipientCount[]> {
  const input = parseInput(recipientCountInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  if (input.channels.length === 0) return [];
  const ids = [...new Set(input.componentIds)];
  return deps.read(async (db) => {
    const follows = (where?: ReturnType<typeof inArray>) =>
      db
        .select({ one: subscriberComponents.subscriberId })
        .from(subscriberComponents)
        .where(and(eq(subscriberComponents.subscriberId, subscribers.id), where));
    const rows = await db
      .select({ channel: subscribers.channel, locale: subscribers.locale, count: count() })
      .from(subscribers)
      .where(
        and(
          eq(subscribers.state, "active"),
          inArray(subscribers.channel, [...input.channels]),
          or(
            notExists(follows()),
            ids.length ? exists(follows(inArray(subscriberComponents.componentId, ids))) : undefined,
          ),
        ),
      )
      .groupBy(subscribers.channel, subscribers.locale);
    return rows.sort((a, b) => a.channel.localeCompare(b.channel) || a.locale.localeCompare(b.locale));
  });
}
