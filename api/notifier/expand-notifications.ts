import { and, asc, eq, gt, inArray } from "drizzle-orm";
import {
  deliveries,
  incidentComponents,
  notificationJobs,
  subscriberComponents,
  subscribers,
} from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import { newId } from "../domain/ids.ts";
import { advanceCursor, cursorOf, eventsAfter, type OutboxEvent } from "../domain/outbox/outbox-cursor.ts";
import { type Notification, notificationOf } from "./notification-events.ts";

export const expanderConsumer = "notifier";

/**
 * Turns one notification into one delivery per confirmed subscriber of the affected components,
 * a page of subscribers per transaction, so memory stays flat whatever the list size. Progress is
 * saved per page; a unique (cause, subscriber) key makes a repeated page harmless.
 */
async function expandOne(deps: Deps, event: OutboxEvent, n: Notification, pageSize: number): Promise<number> {
  const [job] = await deps.read((db) =>
    db.select().from(notificationJobs).where(eq(notificationJobs.eventSeq, event.seq)),
  );
  if (job?.done) return 0;
  const affected = new Set(
    (
      await deps.read((db) =>
        db
          .select({ id: incidentComponents.componentId })
          .from(incidentComponents)
          .where(eq(incidentComponents.incidentId, n.incidentId)),
      )
    ).map((r) => r.id),
  );
  let after = job?.lastSubscriberId ?? "";
  let created = 0;
  for (;;) {
    const count = await deps.write(async (tx) => {
      const at = deps.clock.now();
      const page = await tx
        .select({ id: subscribers.id, channel: subscribers.channel })
        .from(subscribers)
        .where(and(eq(subscribers.state, "active"), gt(subscribers.id, after)))
        .orderBy(asc(subscribers.id))
        .limit(pageSize);
      const follows = page.length
        ? await tx
            .select()
            .from(subscriberComponents)
            .where(
              inArray(
                subscriberComponents.subscriberId,
                page.map((s) => s.id),
              ),
            )
        : [];
      const narrowed = new Map<string, string[]>();
      for (const f of follows)
        narrowed.set(f.subscriberId, [...(narrowed.get(f.subscriberId) ?? []), f.componentId]);
      const recipients = page.filter((s) => {
        const only = narrowed.get(s.id);
        return !only || only.some((c) => affected.has(c));
      });
      if (recipients.length) {
        await tx
          .insert(deliveries)
          .values(
            recipients.map((s) => ({
              id: newId("delivery"),
              cause: event.id,
              subscriberId: s.id,
              channel: s.channel,
              kind: n.kind,
              incidentId: n.incidentId,
              updateId: n.updateId,
              state: "pending" as const,
              nextAttemptAt: at,
              createdAt: at,
              updatedAt: at,
            })),
          )
          .onConflictDoNothing();
      }
      const last = page.at(-1)?.id ?? after;
      const done = page.length < pageSize;
      await tx
        .insert(notificationJobs)
        .values({ eventSeq: event.seq, lastSubscriberId: last, done, updatedAt: at })
        .onConflictDoUpdate({
          target: notificationJobs.eventSeq,
          set: { lastSubscriberId: last, done, updatedAt: at },
        });
      after = last;
      return done ? -recipients.length - 1 : recipients.length;
    });
    if (count < 0) return created - count - 1;
    created += count;
    // The embedded database answers without ever leaving the event loop: without this pause a long
    // expansion would hold off sending, HTTP requests and timers until it ends.
    await new Promise((resume) => setImmediate(resume));
  }
}

/** Expands every new notification event; returns how many deliveries it created. */
export async function expandNotifications(deps: Deps, pageSize = 500): Promise<number> {
  let created = 0;
  for (;;) {
    const cursor = await cursorOf(deps, expanderConsumer);
    const events = await eventsAfter(deps, cursor, 100);
    if (events.length === 0) return created;
    for (const event of events) {
      const n = notificationOf(event);
      if (n) created += await expandOne(deps, event, n, pageSize);
      await advanceCursor(deps, expanderConsumer, event.seq);
    }
  }
}
