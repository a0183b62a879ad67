import { eq } from "drizzle-orm";
import { incidentComponents } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import { channelsWithSubscribers } from "../domain/deliveries/channels-with-subscribers.ts";
import { createAlertDeliveries } from "../domain/deliveries/create-alert-deliveries.ts";
import { createDeliveriesPage, notificationJobOf } from "../domain/deliveries/expand-deliveries.ts";
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
 * Turns one notification into one delivery per confirmed subscriber of the affected components,
 * a page of subscribers per transaction, so memory stays flat whatever the list size. Progress is
 * saved per page, so a restart resumes where the last page ended.
 */
async function expandOne(
  deps: Deps,
  event: OutboxEvent,
  n: IncidentNotification | ComponentNotification,
  pageSize: number,
  onPage: (channels: readonly Channel[]) => void,
): Promise<number> {
  const job = await notificationJobOf(deps, event.seq);
  if (job?.done) return 0;
  const incidentId = n.kind === "component-updated" ? null : n.incidentId;
  const updateId = n.kind === "component-updated" ? null : n.updateId;
  const componentIds =
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
  // The lanes of the other channels need not wake for each page: they would find nothing to claim.
  const reached = await channelsWithSubscribers(deps, channels);
  let after = job?.lastSubscriberId ?? "";
  let created = 0;
  for (;;) {
    const page = await createDeliveriesPage(deps, {
      event,
      kind: n.kind,
      incidentId,
      updateId,
      channels,
      componentIds,
      after,
      pageSize,
    });
    after = page.last;
    created += page.created;
    if (page.done) return created;
    // The embedded database answers without ever leaving the event loop: without this pause a long
    // expansion would hold off sending, HTTP requests and timers until it ends.
    onPage(reached);
    await new Promise((resume) => setImmediate(resume));
  }
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
      if (n?.kind === "dependency-alert") created += await createAlertDeliveries(deps, event, n.incidentId);
      else if (n) created += await expandOne(deps, event, n, pageSize, onPage);
      await advanceCursor(deps, expanderConsumer, event.seq);
    }
  }
}
