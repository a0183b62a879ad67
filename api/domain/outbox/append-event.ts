import { outboxEvents } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { newId } from "../ids.ts";
import { fireAfterCommit } from "../signals.ts";
import type { OutboxEventMap, OutboxEventType } from "./events.ts";

export { type OutboxEventMap, type OutboxEventType, outboxEventTypes } from "./events.ts";

/**
 * Appends an event in the caller's transaction: it commits or rolls back with the change itself.
 * The payload is the one its type declares (`OutboxEventMap`), stored as given. Once the
 * transaction commits, the notifier and the publisher of this process hear `queued`.
 */
export async function appendEvent<T extends OutboxEventType>(
  tx: Tx,
  at: Date,
  type: T,
  payload: OutboxEventMap[T],
) {
  await tx.insert(outboxEvents).values({ id: newId("event"), type, payload, createdAt: at });
  fireAfterCommit(tx, "queued");
}
