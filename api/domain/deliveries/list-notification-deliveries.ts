import { and, asc, eq, gt, or } from "drizzle-orm";
import { z } from "zod";
import type { DeliveryState } from "../../../db/schema/deliveries.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { notFound } from "../errors.ts";
import { recordIdSchema } from "../schemas.ts";
import type { Channel } from "../types.ts";
import { type Call, parseInput } from "../verb.ts";
import { type CountsByChannel, countByCauseAndChannel, mergeByChannel } from "./delivery-counts.ts";

export interface NotificationDelivery {
  id: string;
  /** Null once the subscriber record is gone (an expired, never confirmed address). */
  address: string | null;
  channel: Channel;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  provider: string | null;
  providerMessageId: string | null;
  updatedAt: Date;
}

export const listNotificationDeliveriesInput = z.strictObject({
  /** A notification id (from the list) or the incident update id it was sent for. */
  id: recordIdSchema,
  limit: z.int().min(1).max(500),
  /** The last delivery id of the previous page. */
  after: z.string().optional(),
});

export interface NotificationDeliveriesPage {
  deliveries: NotificationDelivery[];
  nextCursor: string | null;
  /** Counts of the whole notification (every page), per channel. */
  byChannel: CountsByChannel;
}

/** The messages of one notification, a page at a time in delivery id order. */
export async function listNotificationDeliveries(
  call: Call<typeof listNotificationDeliveriesInput>,
): Promise<NotificationDeliveriesPage> {
  const input = parseInput(listNotificationDeliveriesInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  const ofNotification = or(eq(deliveries.cause, input.id), eq(deliveries.updateId, input.id));
  const rows = await deps.read((db) =>
    db
      .select({
        id: deliveries.id,
        address: subscribers.address,
        channel: deliveries.channel,
        state: deliveries.state,
        attempts: deliveries.attempts,
        lastError: deliveries.lastError,
        provider: deliveries.provider,
        providerMessageId: deliveries.providerMessageId,
        updatedAt: deliveries.updatedAt,
      })
      .from(deliveries)
      .leftJoin(subscribers, eq(subscribers.id, deliveries.subscriberId))
      .where(and(ofNotification, input.after ? gt(deliveries.id, input.after) : undefined))
      .orderBy(asc(deliveries.id))
      .limit(input.limit + 1),
  );
  if (rows.length === 0 && !input.after) throw notFound("Notification", input.id);
  const page = rows.slice(0, input.limit);
  const byCause = await deps.read((db) => countByCauseAndChannel(db, ofNotification));
  return {
    deliveries: page,
    nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
    byChannel: mergeByChannel(byCause.values()),
  };
}
