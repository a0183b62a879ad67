import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { components } from "./components.ts";
import type { Locale } from "./enums.ts";

export const subscriberStates = ["pending", "active", "unsubscribed", "suppressed", "disabled"] as const;
export type SubscriberState = (typeof subscriberStates)[number];

export const channels = ["email", "sms", "webhook", "slack", "discord", "teams"] as const;
export type Channel = (typeof channels)[number];

/**
 * Who added a subscriber: the public (the subscribe form and API) or an admin. Only endpoints an
 * admin added may reach private addresses when the page allows it (`allow_private_targets`).
 */
export const subscriberOrigins = ["public", "admin"] as const;
export type SubscriberOrigin = (typeof subscriberOrigins)[number];

/**
 * People who asked to be told. `address` is normalised (lower-case email). Links in messages carry
 * HMAC tokens derived from the id and `token_version`, so nothing secret is stored per subscriber and
 * bumping the version revokes every old link.
 */
export const subscribers = sqliteTable(
  "subscribers",
  {
    id: text("id").primaryKey(),
    channel: text("channel").$type<Channel>().notNull(),
    address: text("address").notNull(),
    locale: text("locale").$type<Locale>().notNull(),
    state: text("state").$type<SubscriberState>().notNull(),
    tokenVersion: integer("token_version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** Consent: when the subscriber confirmed. */
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    unsubscribedAt: integer("unsubscribed_at", { mode: "timestamp_ms" }),
    suppressedReason: text("suppressed_reason"),
    suppressedAt: integer("suppressed_at", { mode: "timestamp_ms" }),
    /** SMS: the hash of the 6-digit code sent to confirm the number, its expiry and the wrong tries. */
    verificationCodeHash: text("verification_code_hash"),
    verificationExpiresAt: integer("verification_expires_at", { mode: "timestamp_ms" }),
    verificationAttempts: integer("verification_attempts").notNull().default(0),
    /** Webhook and chat endpoints: failing since when (cleared by a success); disabled after too long. */
    failingSince: integer("failing_since", { mode: "timestamp_ms" }),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    disabledReason: text("disabled_reason"),
    addedBy: text("added_by").$type<SubscriberOrigin>().notNull().default("public"),
  },
  (t) => [
    uniqueIndex("subscribers_channel_address_idx").on(t.channel, t.address),
    index("subscribers_state_idx").on(t.state, t.id),
  ],
);

/** A subscriber with rows here hears only about these components; with none, about everything. */
export const subscriberComponents = sqliteTable(
  "subscriber_components",
  {
    subscriberId: text("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.subscriberId, t.componentId] }),
    index("subscriber_components_component_idx").on(t.componentId),
  ],
);

/** Secrets generated once per installation (e.g. the key that signs subscriber links). */
export const installationSecrets = sqliteTable("installation_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
