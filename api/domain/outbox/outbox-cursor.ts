import { asc, eq, gt } from "drizzle-orm";
import { outboxCursors, outboxEvents } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";

export type OutboxEvent = typeof outboxEvents.$inferSelect;

/** Where a consumer stands in the outbox: 0 before it has read anything. */
export async function cursorOf(deps: Deps, consumer: string): Promise<number> {
  const [row] = await deps.read((db) =>
    db.select().from(outboxCursors).where(eq(outboxCursors.consumer, consumer)),
  );
  return row?.lastSeq ?? 0;
}

/** The events after `seq`, oldest first. */
export async function eventsAfter(deps: Deps, seq: number, limit = 500): Promise<OutboxEvent[]> {
  return deps.read((db) =>
    db
      .select()
      .from(outboxEvents)
      .where(gt(outboxEvents.seq, seq))
      .orderBy(asc(outboxEvents.seq))
      .limit(limit),
  );
}

/** Records that a consumer has handled every event up to `seq`. */
export async function advanceCursor(deps: Deps, consumer: string, seq: number): Promise<void> {
  const at = deps.clock.now();
  await deps.write((tx) =>
    tx
      .insert(outboxCursors)
      .values({ consumer, lastSeq: seq, updatedAt: at })
      .onConflictDoUpdate({ target: outboxCursors.consumer, set: { lastSeq: seq, updatedAt: at } }),
  );
}
