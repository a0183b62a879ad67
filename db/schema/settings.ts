import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Locale } from "./enums.ts";

/** One row (id = 1): the page itself. */
export const settings = sqliteTable("settings", {
  id: integer("id").primaryKey(),
  pageId: text("page_id").notNull(),
  name: text("name").notNull(),
  url: text("url"),
  timeZone: text("time_zone").notNull().default("Etc/UTC"),
  defaultLocale: text("default_locale").$type<Locale>().notNull().default("en"),
  locales: text("locales", { mode: "json" }).$type<Locale[]>().notNull(),
  logoUrl: text("logo_url"),
  /** Optional links in the page's header, to the company's website and its support (http(s) only). */
  websiteUrl: text("website_url"),
  supportUrl: text("support_url"),
  accentColor: text("accent_color").notNull().default("#2563eb"),
  /** Extra places the built page is published to: directory paths or `rclone:<remote>:<path>`. */
  publishTargets: text("publish_targets", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** On-premises installs may let webhooks and monitors reach private addresses; off by default (SSRF). */
  allowPrivateTargets: integer("allow_private_targets", { mode: "boolean" }).notNull().default(false),
  /** Which messages go out by SMS (each costs money). */
  smsKinds: text("sms_kinds", { mode: "json" })
    .$type<string[]>()
    .notNull()
    .default(["incident-created", "incident-resolved", "maintenance-started"]),
  /** Country read for phone numbers typed without +country code (ISO 3166 alpha-2); null: from the default language. */
  phoneCountry: text("phone_country"),
  /** Sender of subscriber emails; null fields fall back to the page name and the EMAIL_FROM address. */
  emailFromName: text("email_from_name"),
  emailFromAddress: text("email_from_address"),
  emailReplyTo: text("email_reply_to"),
  /**
   * Confirmation-code SMS anyone can trigger: at most this many per hour and per day for the whole
   * page (SMS pumping), and only to numbers of these countries (null: those of the page's languages).
   */
  smsBudgetPerHour: integer("sms_budget_per_hour").notNull().default(30),
  smsBudgetPerDay: integer("sms_budget_per_day").notNull().default(150),
  smsCountries: text("sms_countries", { mode: "json" }).$type<string[] | null>(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
