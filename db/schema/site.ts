import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export interface PublishResult {
  target: string;
  ok: boolean;
  attempts: number;
  error: string | null;
  durationMs: number;
}

/** Each rebuild of the static page, with the outcome of every publish target. */
export const siteBuilds = sqliteTable(
  "site_builds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    durationMs: integer("duration_ms"),
    status: text("status").$type<"running" | "succeeded" | "failed">().notNull(),
    /** The last outbox event the build includes. */
    outboxSeq: integer("outbox_seq").notNull(),
    error: text("error"),
    publishResults: text("publish_results", { mode: "json" }).$type<PublishResult[]>().notNull(),
  },
  (t) => [index("site_builds_started_idx").on(t.startedAt)],
);
