import { and, asc, eq, gt, sql } from "drizzle-orm";
import { incidentComponents, notificationJobs, subscribers } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import { readEvent } from "../domain/outbox/events.ts";
import {
  type ComponentNotification,
  type IncidentNotification,
  notificationOf,
} from "../domain/outbox/notification-events.ts";
import { advanceCursor, cursorOf, eventsAfter, type OutboxEvent } from "../domain/outbox/outbox-cursor.ts";
import { channelsFor } from "../domain/outbox/who-hears-what.ts";
import { getSettings } from "../domain/settings/get-settings.ts";
import type { Channel } from "../domain/types.ts";

export const expanderConsumer = "notifier";

/**
 * A new delivery's id, made in SQL: the time in hex, then randomness. A page's ids sort together, so
 * its rows land side by side in the primary key and a batch's lookups touch a few pages, not one
 * page each (random ids cost a fan-out a third of its database time).
 */
const deliveryId = (at: number) => sql`'dlv_' || printf('%011x', ${at}) || lower(hex(randomblob(5)))`;

/**
 * Turns one notification into one delivery per confirmed subscriber of the affected components,
 * a page of subscribers per transaction, so memory stays flat whatever the list size. Progress is
 * saved per page; a unique (cause, subscriber) key makes a repeated page harmless.
 */
async function expandOne(
  deps: Deps,
  event: OutboxEvent,
  n: IncidentNotification | ComponentNotification,
  pageSize: number,
  onPage: (channels: readonly Channel[]) => void,
): Promise<number> {
  const [job] = await deps.read((db) =>
    db.select().from(notificationJobs).where(eq(notificationJobs.eventSeq, event.seq)),
  );
  if (job?.done) return 0;
  const incidentId = n.kind === "component-updated" ? null : n.incidentId;
  const updateId = n.kind === "component-updated" ? null : n.updateId;
  const affected =
    n.kind === "component-updated"
      ? [n.componentId]
      : (
          await deps.read((db) =>
            db
              .select({ id: incidentComponents.componentId })
              .from(incidentComponents)
              .where(eq(incidentComponents.incidentId, n.incidentId)),
          )
        ).map((r) => r.id);
  const channels = channelsFor(n.kind, (await getSettings(deps)).smsKinds);
  const channelsJson = JSON.stringify(channels);
  // The lanes of the other channels need not wake for each page: they would find nothing to claim.
  const reached = await channelsWithSubscribers(deps, channels);
  let after = job?.lastSubscriberId ?? "";
  let created = 0;
  const affectedJson = JSON.stringify(affected);
  for (;;) {
    const { count, done } = await deps.write(async (tx) => {
      const at = deps.clock.now().getTime();
      // One statement per page, in SQL: building 500 rows of parameters in JS cost more than the insert.
      const inserted = await tx.run(sql`
        insert into deliveries (id, cause, subscriber_id, channel, kind, incident_id, update_id, state,
          attempts, next_attempt_at, created_at, updated_at)
        select ${deliveryId(at)}, ${event.id}, s.id, s.channel, ${n.kind}, ${incidentId},
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
      after = last;
      return { count: inserted.rowsAffected, done };
    });
    created += count;
    if (done) return created;
    // The embedded database answers without ever leaving the event loop: without this pause a long
    // expansion would hold off sending, HTTP requests and timers until it ends.
    onPage(reached);
    await new Promise((resume) => setImmediate(resume));
  }
}

/**
 * The channels among `channels` with at least one active subscriber. One probe each, through the
 * (channel, address) index: through the state index, a channel nobody uses would walk every active
 * subscriber.
 */
async function channelsWithSubscribers(deps: Deps, channels: Channel[]): Promise<Channel[]> {
  const found = await Promise.all(
    channels.map((channel) =>
      deps.read((db) =>
        db.all(sql`select 1 from subscribers indexed by subscribers_channel_address_idx
          where channel = ${channel} and state = 'active' limit 1`),
      ),
    ),
  );
  return channels.filter((_, i) => found[i]!.length > 0);
}

/** One email per on-call contact (a handful): no paging, the unique key makes a replay harmless. */
async function expandAlert(deps: Deps, event: OutboxEvent, incidentId: string | null): Promise<number> {
  return deps.write(async (tx) => {
    const at = deps.clock.now().getTime();
    const inserted = await tx.run(sql`
      insert into deliveries (id, cause, subscriber_id, channel, kind, incident_id, update_id, state,
        attempts, next_attempt_at, created_at, updated_at)
      select ${deliveryId(at)}, ${event.id}, o.id, 'email', 'dependency-alert', ${incidentId},
        null, 'pending', 0, ${at}, ${at}, ${at}
      from oncall_contacts as o where true
      on conflict do nothing`);
    return inserted.rowsAffected;
  });
}

/** Expands every new notification event; returns how many deliveries it created. */
export async function expandNotifications(
  deps: Deps,
  {
    pageSize = 500,
    onPage = () => {},
  }: {
    pageSize?: number;
    /** After each page of a large list: the channels that page may have given deliveries to. */
    onPage?: (channels: readonly Channel[]) => void;
  } = {},
): Promise<number> {
  let created = 0;
  for (;;) {
    const cursor = await cursorOf(deps, expanderConsumer);
    const events = await eventsAfter(deps, cursor, 100);
    if (events.length === 0) return created;
    for (const event of events) {
      const typed = readEvent(event);
      // A row this version cannot read tells nobody anything: skipped, and said.
      if (!typed)
        deps.logger.warn("skipped an outbox event it cannot read", { id: event.id, type: event.type });
      const n = typed && notificationOf(typed);
      if (n?.kind === "dependency-alert") created += await expandAlert(deps, event, n.incidentId);
      else if (n) created += await expandOne(deps, event, n, pageSize, onPage);
      await advanceCursor(deps, expanderConsumer, event.seq);
    }
  }
}
