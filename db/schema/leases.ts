import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Which process does a job that only one may do at a time (builds the page, sends notifications,
 * runs the scheduler) when several share the database. A holder renews its row well before
 * `expires_at`; once that passes, any other process may take the row over. Times are the
 * database's own clock, so processes on hosts whose clocks disagree still agree on who holds it.
 */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  /** When the holder took it (kept across renewals). */
  acquiredAt: integer("acquired_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});
