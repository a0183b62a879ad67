import { and, eq } from "drizzle-orm";
import { deliveries, subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import type { Tx } from "../context.ts";
import { newId } from "../ids.ts";
import { fireAfterCommit } from "../signals.ts";

export type SubscriberRow = typeof subscribers.$inferSelect;

/** A subscriber row with every optional field empty, for a first subscription. */
export function newSubscriberRow(
  fields: Pick<SubscriberRow, "channel" | "address" | "locale" | "state"> & { at: Date },
): SubscriberRow {
  const { at, ...rest } = fields;
  return {
    id: newId("subscriber"),
    ...rest,
    tokenVersion: 1,
    createdAt: at,
    updatedAt: at,
    confirmedAt: rest.state === "active" ? at : null,
    unsubscribedAt: null,
    suppressedReason: null,
    suppressedAt: null,
    verificationCodeHash: null,
    verificationExpiresAt: null,
    verificationAttempts: 0,
    failingSince: null,
    disabledAt: null,
    disabledReason: null,
    addedBy: "public",
  };
}

export async function findSubscriber(tx: Tx, id: string): Promise<SubscriberRow | undefined> {
  const [row] = await tx.select().from(subscribers).where(eq(subscribers.id, id));
  return row;
}

export async function findByAddress(tx: Tx, channel: SubscriberRow["channel"], address: string) {
  const [row] = await tx
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.channel, channel), eq(subscribers.address, address)));
  return row;
}

/** Replaces the components a subscriber follows (an empty list means every component). */
export async function setComponents(tx: Tx, subscriberId: string, componentIds: string[]) {
  const ids = [...new Set(componentIds)];
  await getAffectedComponents(tx, ids);
  await tx.delete(subscriberComponents).where(eq(subscriberComponents.subscriberId, subscriberId));
  for (const componentId of ids) await tx.insert(subscriberComponents).values({ subscriberId, componentId });
}

/** Queues the double opt-in email; `cause` makes a repeated request within one instant a no-op. */
export async function queueConfirmation(tx: Tx, at: Date, subscriber: SubscriberRow) {
  fireAfterCommit(tx, "queued");
  await tx
    .insert(deliveries)
    .values({
      id: newId("delivery"),
      cause: `confirm:${subscriber.id}:${at.getTime()}`,
      subscriberId: subscriber.id,
      channel: subscriber.channel,
      kind: "confirmation",
      state: "pending",
      nextAttemptAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing();
}
