import { and, asc, desc, eq, lt, or } from "drizzle-orm";
import type { DeliveryState, MessageKind } from "../../../db/schema/deliveries.ts";
import { components, deliveries, subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { notFound } from "../errors.ts";
import type { Channel, Locale, SubscriberState } from "../types.ts";
import { type Call, parseInput } from "../verb.ts";
import { getSubscriberInput } from "./schemas.ts";

/** What an admin may see of a subscriber: no verification code hash, no token version. */
export interface SubscriberInfo {
  id: string;
  channel: Channel;
  address: string;
  locale: Locale;
  state: SubscriberState;
  createdAt: Date;
  /** Consent: when the subscriber confirmed. */
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  suppressedReason: string | null;
  suppressedAt: Date | null;
  disabledReason: string | null;
  disabledAt: Date | null;
}

export interface SubscriberDelivery {
  id: string;
  kind: MessageKind;
  state: DeliveryState;
  attempts: number;
  provider: string | null;
  lastError: string | null;
  incidentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriberDetail {
  subscriber: SubscriberInfo;
  /** The components followed; empty means every component. */
  components: { id: string; name: string }[];
  /** Newest first. */
  deliveries: SubscriberDelivery[];
  /** Pass as `before` for older deliveries; null at the end. */
  nextCursor: string | null;
}

const cursorOf = (d: SubscriberDelivery) => `${d.createdAt.getTime()}.${d.id}`;

/** A subscriber, what it follows, and a page of the messages sent to it, newest first. */
export async function getSubscriber(call: Call<typeof getSubscriberInput>): Promise<SubscriberDetail> {
  const { id, ...input } = parseInput(getSubscriberInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  const cursor = /^(\d{1,15})\.([\w-]{1,64})$/.exec(input.before ?? "");
  return deps.read(async (db) => {
    const [subscriber] = await db
      .select({
        id: subscribers.id,
        channel: subscribers.channel,
        address: subscribers.address,
        locale: subscribers.locale,
        state: subscribers.state,
        createdAt: subscribers.createdAt,
        confirmedAt: subscribers.confirmedAt,
        unsubscribedAt: subscribers.unsubscribedAt,
        suppressedReason: subscribers.suppressedReason,
        suppressedAt: subscribers.suppressedAt,
        disabledReason: subscribers.disabledReason,
        disabledAt: subscribers.disabledAt,
      })
      .from(subscribers)
      .where(eq(subscribers.id, id));
    if (!subscriber) throw notFound("Subscriber", id);
    const followed = await db
      .select({ id: components.id, name: components.name })
      .from(subscriberComponents)
      .innerJoin(components, eq(components.id, subscriberComponents.componentId))
      .where(eq(subscriberComponents.subscriberId, id))
      .orderBy(asc(components.name));
    const at = cursor ? new Date(Number(cursor[1])) : undefined;
    const rows = await db
      .select({
        id: deliveries.id,
        kind: deliveries.kind,
        state: deliveries.state,
        attempts: deliveries.attempts,
        provider: deliveries.provider,
        lastError: deliveries.lastError,
        incidentId: deliveries.incidentId,
        createdAt: deliveries.createdAt,
        updatedAt: deliveries.updatedAt,
      })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.subscriberId, id),
          at && cursor
            ? or(
                lt(deliveries.createdAt, at),
                and(eq(deliveries.createdAt, at), lt(deliveries.id, cursor[2]!)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    return {
      subscriber,
      components: followed,
      deliveries: page,
      nextCursor: rows.length > input.limit ? cursorOf(page.at(-1)!) : null,
    };
  });
}
