import { outboxEvents } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { newId } from "../ids.ts";

export const outboxEventTypes = [
  "settings.updated",
  "component.created",
  "component.updated",
  "component.deleted",
  "components.reordered",
  "component.status_changed",
  "incident.created",
  "incident.updated",
  "incident.deleted",
  "maintenance.scheduled",
  "maintenance.updated",
  "maintenance.deleted",
  "maintenance.reminder",
  "token.created",
  "token.revoked",
  "dependency.alert",
  /** A dependency shown on the public page changed (or stopped being shown): the page is rebuilt. */
  "dependency.page_changed",
  "sms.budget_reached",
  "backup.failed",
  "site.rebuild_requested",
] as const;
export type OutboxEventType = (typeof outboxEventTypes)[number];

/** Appends an event in the caller's transaction: it commits or rolls back with the change itself. */
export async function appendEvent(tx: Tx, at: Date, type: OutboxEventType, payload: Record<string, unknown>) {
  await tx.insert(outboxEvents).values({ id: newId("event"), type, payload, createdAt: at });
}
