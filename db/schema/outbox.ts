import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every state change that must reach someone (subscribers, the static site) is appended here in the
 * transaction that made it. `seq` orders events; consumers keep their own cursor.
 */
export const outboxEvents = sqliteTable(
  "outbox_events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outbox_events_type_idx").on(t.type, t.seq)],
);

/** How far each consumer (publisher, notifier, ...) has read the outbox. */
export const outboxCursors = sqliteTable("outbox_cursors", {
  consumer: text("consumer").primaryKey(),
  lastSeq: integer("last_seq").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
