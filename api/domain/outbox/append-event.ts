import { outboxEvents } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { newId } from "../ids.ts";
import type { OutboxEventMap, OutboxEventType } from "./events.ts";

export { type OutboxEventMap, type OutboxEventType, outboxEventTypes } from "./events.ts";

/**
 * Appends an event in the caller's transaction: it commits or rolls back with the change itself.
 * The payload is the one its type declares (`OutboxEventMap`), stored as given.
 */
export async function appendEvent<T extends OutboxEventType>(
  tx: Tx,
  at: Date,
  type: T,
  payload: OutboxEventMap[T],
) {
  await tx.insert(outboxEvents).values({ id: newId("event"), type, payload, createdAt: at });
}
