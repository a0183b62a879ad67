import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Locale } from "./enums.ts";

/** An admin's version of one part (subject, html, text) of one email template in one locale. */
export const templateOverrides = sqliteTable(
  "template_overrides",
  {
    key: text("key").notNull(),
    locale: text("locale").$type<Locale>().notNull(),
    // "sms" holds the SMS twin of the email `key`: one source, no subject or HTML.
    part: text("part").$type<"subject" | "html" | "text" | "sms">().notNull(),
    source: text("source").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.locale, t.part] })],
);
