import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Fixed-window counters for limits that must hold across restarts and across processes sharing the
 * database (SMS codes per network, per number, per page). `key` names the limit and what it counts.
 */
export const rateCounters = sqliteTable("rate_counters", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowEndsAt: integer("window_ends_at", { mode: "timestamp_ms" }).notNull(),
});
