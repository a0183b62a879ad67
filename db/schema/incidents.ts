import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { components } from "./components.ts";
import type { AnyIncidentStatus, ComponentStatus, Impact, IncidentKind, Locale } from "./enums.ts";

/** Incidents and maintenances (kind = maintenance) in one table, as Statuspage models them. */
export const incidents = sqliteTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    kind: text("kind").$type<IncidentKind>().notNull(),
    name: text("name").notNull(),
    status: text("status").$type<AnyIncidentStatus>().notNull(),
    impact: text("impact").$type<Impact | "maintenance">().notNull(),
    impactOverride: text("impact_override").$type<Impact>(),
    published: integer("published", { mode: "boolean" }).notNull().default(true),
    backfilled: integer("backfilled", { mode: "boolean" }).notNull().default(false),
    scheduledFor: integer("scheduled_for", { mode: "timestamp_ms" }),
    scheduledUntil: integer("scheduled_until", { mode: "timestamp_ms" }),
    autoStart: integer("auto_start", { mode: "boolean" }).notNull().default(false),
    autoComplete: integer("auto_complete", { mode: "boolean" }).notNull().default(false),
    remindPriorMinutes: integer("remind_prior_minutes"),
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
    /** How many times a maintenance's window moved: calendars need a number that grows with it. */
    scheduleRevision: integer("schedule_revision").notNull().default(0),
    postmortemBody: text("postmortem_body"),
    postmortemUpdatedAt: integer("postmortem_updated_at", { mode: "timestamp_ms" }),
    postmortemPublishedAt: integer("postmortem_published_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    monitoringAt: integer("monitoring_at", { mode: "timestamp_ms" }),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("incidents_kind_status_idx").on(t.kind, t.status),
    index("incidents_kind_created_idx").on(t.kind, t.createdAt),
  ],
);

export const incidentTranslations = sqliteTable(
  "incident_translations",
  {
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    locale: text("locale").$type<Locale>().notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.locale] })],
);

/** The components an incident affects (the `components` array of the public incident). */
export const incidentComponents = sqliteTable(
  "incident_components",
  {
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.componentId] })],
);

export const incidentUpdates = sqliteTable(
  "incident_updates",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    status: text("status").$type<AnyIncidentStatus>().notNull(),
    body: text("body").notNull(),
    displayAt: integer("display_at", { mode: "timestamp_ms" }).notNull(),
    deliverNotifications: integer("deliver_notifications", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("incident_updates_incident_idx").on(t.incidentId, t.displayAt)],
);

export const incidentUpdateTranslations = sqliteTable(
  "incident_update_translations",
  {
    updateId: text("update_id")
      .notNull()
      .references(() => incidentUpdates.id, { onDelete: "cascade" }),
    locale: text("locale").$type<Locale>().notNull(),
    body: text("body").notNull(),
  },
  (t) => [primaryKey({ columns: [t.updateId, t.locale] })],
);

/** What an update did to each affected component (`affected_components` of the public update). */
export const incidentUpdateComponents = sqliteTable(
  "incident_update_components",
  {
    updateId: text("update_id")
      .notNull()
      .references(() => incidentUpdates.id, { onDelete: "cascade" }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    oldStatus: text("old_status").$type<ComponentStatus>().notNull(),
    newStatus: text("new_status").$type<ComponentStatus>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.updateId, t.componentId] })],
);
