import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Channel } from "./subscribers.ts";

export const deliveryStates = ["pending", "sent", "delivered", "bounced", "complained", "failed"] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** The messages about an incident or a maintenance, one per update or event. */
export const incidentMessageKinds = [
  "incident-created",
  "incident-updated",
  "incident-resolved",
  "maintenance-scheduled",
  "maintenance-reminder",
  "maintenance-started",
  "maintenance-completed",
] as const;

export const messageKinds = [
  "confirmation",
  ...incidentMessageKinds,
  "component-updated",
  "dependency-alert",
] as const;
export type MessageKind = (typeof messageKinds)[number];

/**
 * One message to one recipient. Workers claim pending deliveries in batches: a batch keeps its id
 * (the provider's idempotency key) across retries and lease expiries, so a crash never sends twice.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    /** What caused it: an outbox event id, or the subscriber id for a confirmation. */
    cause: text("cause").notNull(),
    subscriberId: text("subscriber_id").notNull(),
    channel: text("channel").$type<Channel>().notNull(),
    kind: text("kind").$type<MessageKind>().notNull(),
    incidentId: text("incident_id"),
    updateId: text("update_id"),
    state: text("state").$type<DeliveryState>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    batchId: text("batch_id"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    leaseOwner: text("lease_owner"),
    provider: text("provider"),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("deliveries_cause_subscriber_idx").on(t.cause, t.subscriberId),
    // Partial indexes hold only what a claim looks for, so a delivery leaves them once sent instead
    // of moving within them, and they stay small however many messages were ever sent. Queries must
    // repeat their conditions literally (`state = 'pending'`) for SQLite to use them.
    // Due deliveries, per channel: an idle SMS lane must not walk every pending email of a fan-out.
    index("deliveries_due_idx").on(t.channel, t.nextAttemptAt).where(sql`state = 'pending'`),
    // Batches being sent: finding an abandoned one, and the members of a batch.
    index("deliveries_claim_idx")
      .on(t.channel, t.batchId, t.leaseUntil)
      .where(sql`state = 'pending' and batch_id is not null`),
    // An update's deliveries (counts per state read the rows): a state change leaves it alone.
    index("deliveries_update_idx").on(t.updateId),
    // No index on provider_message_id: the provider's ids are random, so each batch's would dirty a
    // page per message. A provider's report names the recipient too, and is found through them.
    // A subscriber's message history (console), newest first.
    index("deliveries_subscriber_idx").on(t.subscriberId, t.createdAt),
  ],
);

/** How far each notification event has been expanded into deliveries (page by page, resumable). */
export const notificationJobs = sqliteTable("notification_jobs", {
  eventSeq: integer("event_seq").primaryKey(),
  /** Subscribers are expanded in id order; the next page starts after this id. */
  lastSubscriberId: text("last_subscriber_id"),
  done: integer("done", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
