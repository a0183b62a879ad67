import { and, asc, eq, gt, sql } from "drizzle-orm";
import { notificationJobs, subscribers } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import type { SubscriberMessageKind } from "../subscribers/channel-specs.ts";
import type { Channel } from "../types.ts";
import { deliveryId } from "./delivery-id.ts";

/** How far the expansion of one outbox event has gone: `null` before its first page. */
export async function notificationJobOf(deps: Deps, eventSeq: number) {
  const [job] = await deps.read((db) =>
    db.select().from(notificationJobs).where(eq(notificationJobs.eventSeq, eventSeq)),
  );
  return job ?? null;
}

export interface DeliveriesPageInput {
  /** The outbox event that causes them: with the subscriber, the key that makes a replay harmless. */
  event: { id: string; seq: number };
  kind: SubscriberMessageKind;
  incidentId: string | null;
  updateId: string | null;
  /** Only subscribers of these channels. */
  channels: readonly Channel[];
  /** Subscribers who follow one of these components, or everything. */
  componentIds: readonly string[];
  /** The page starts after this subscriber id. */
  after: string;
  pageSize: number;
}

/**
 * One page of an event's deliveries: one per confirmed subscriber of the page who hears this kind,
 * and the job's progress, in one transaction. A unique (cause, subscriber) key makes a repeated page
 * harmless. Returns how many were created, where the next page starts, and whether this was the last.
 */
export async function createDeliveriesPage(
  deps: Deps,
  input: DeliveriesPageInput,
): Promise<{ created: number; last: string; done: boolean }> {
  const { event, kind, incidentId, updateId, after, pageSize } = input;
  const channelsJson = JSON.stringify(input.channels);
  const affectedJson = JSON.stringify(input.componentIds);
  return deps.write(async (tx) => {
    const at = deps.clock.now().getTime();
    // One statement per page, in SQL: building 500 rows of parameters in JS cost more than the insert.
    const inserted = await tx.run(sql`
      insert into deliveries (id, cause, subscriber_id, channel, kind, incident_id, update_id, state,
        attempts, next_attempt_at, created_at, updated_at)
      select ${deliveryId(at)}, ${event.id}, s.id, s.channel, ${kind}, ${incidentId},
        ${updateId}, 'pending', 0, ${at}, ${at}, ${at}
      from (select id, channel from subscribers where state = 'active' and id > ${after}
            order by id limit ${pageSize}) as s
      where s.channel in (select value from json_each(${channelsJson}))
        and (not exists (select 1 from subscriber_components c where c.subscriber_id = s.id)
         or exists (select 1 from subscriber_components c where c.subscriber_id = s.id
                    and c.component_id in (select value from json_each(${affectedJson}))))
      on conflict do nothing`);
    const [page] = await tx
      .select({ last: sql<string | null>`max(${subscribers.id})`, size: sql<number>`count(*)` })
      .from(
        tx
          .select({ id: subscribers.id })
          .from(subscribers)
          .where(and(eq(subscribers.state, "active"), gt(subscribers.id, after)))
          .orderBy(asc(subscribers.id))
          .limit(pageSize)
          .as("page"),
      );
    const last = page?.last ?? after;
    const done = (page?.size ?? 0) < pageSize;
    await tx
      .insert(notificationJobs)
      .values({ eventSeq: event.seq, lastSubscriberId: last, done, updatedAt: new Date(at) })
      .onConflictDoUpdate({
        target: notificationJobs.eventSeq,
        set: { lastSubscriberId: last, done, updatedAt: new Date(at) },
      });
    return { created: inserted.rowsAffected, last, done };
  });
}
