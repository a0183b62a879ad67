import { type AnySQLiteColumn, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ComponentStatus, Locale } from "./enums.ts";

/**
 * Components and groups share one table, as in Statuspage: a group is a row with `is_group`
 * whose status is rolled up from its children at read time.
 */
export const components = sqliteTable(
  "components",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    /** The name and description per locale (e.g. `{ fr: "Paiement" }`); the page falls back to the original. */
    nameTranslations: text("name_translations", { mode: "json" })
      .$type<Partial<Record<Locale, string>>>()
      .notNull()
      .default({}),
    descriptionTranslations: text("description_translations", { mode: "json" })
      .$type<Partial<Record<Locale, string>>>()
      .notNull()
      .default({}),
    status: text("status").$type<ComponentStatus>().notNull().default("operational"),
    position: integer("position").notNull(),
    showcase: integer("showcase", { mode: "boolean" }).notNull().default(true),
    onlyShowIfDegraded: integer("only_show_if_degraded", { mode: "boolean" }).notNull().default(false),
    startDate: text("start_date"),
    isGroup: integer("is_group", { mode: "boolean" }).notNull().default(false),
    groupId: text("group_id").references((): AnySQLiteColumn => components.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("components_group_idx").on(t.groupId, t.position)],
);

/** Every status a component has been in, from `started_at`: the source of uptime bars. */
export const componentStatusHistory = sqliteTable(
  "component_status_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    status: text("status").$type<ComponentStatus>().notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    incidentId: text("incident_id"),
  },
  (t) => [index("component_status_history_component_idx").on(t.componentId, t.startedAt)],
);
