import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { components } from "./components.ts";
import type { ComponentStatus, Criticality, DependencyPolicy, DependencyState, SourceKind } from "./enums.ts";
import { incidents } from "./incidents.ts";

/** An upstream incident as the source reported it (title and link), kept with the state that carries it. */
export interface UpstreamIncident {
  id: string;
  title: string;
  url?: string;
  state: DependencyState;
  startedAt?: string;
}

/**
 * A provider we depend on. `source` is the adapter's configuration (a union on `kind`, validated by the
 * domain); the poller keeps its validators and flap-guard counters here.
 */
export const dependencies = sqliteTable(
  "dependencies",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    sourceKind: text("source_kind").$type<SourceKind>().notNull(),
    source: text("source", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    pollIntervalSeconds: integer("poll_interval_seconds").notNull().default(60),
    policy: text("policy").$type<DependencyPolicy>().notNull().default("draft"),
    /** How many observations in a row a new state needs before it counts. */
    confirmations: integer("confirmations").notNull().default(2),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Listed on the public page under "Third-party services"; nothing about a dependency is public otherwise. */
    shownOnPage: integer("shown_on_page", { mode: "boolean" }).notNull().default(false),
    /** What the page says this provider does for us, shown under its name when it is shown. */
    description: text("description"),
    state: text("state").$type<DependencyState>().notNull().default("unknown"),
    upstreamIncidents: text("upstream_incidents", { mode: "json" })
      .$type<UpstreamIncident[]>()
      .notNull()
      .default([]),
    /** A state seen but not yet confirmed, and how many times in a row. */
    candidateState: text("candidate_state").$type<DependencyState>(),
    candidateCount: integer("candidate_count").notNull().default(0),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentHash: text("content_hash"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastCheckedAt: integer("last_checked_at", { mode: "timestamp_ms" }),
    lastChangedAt: integer("last_changed_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    nextCheckAt: integer("next_check_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("dependencies_due_idx").on(t.enabled, t.nextCheckAt)],
);

/**
 * What an upstream state does to one of our components: from `onState` upward (by severity), set the
 * component to `setStatus`. Dependencies of one component sharing an `alternativeGroup` back each other up.
 */
export const dependencyImpacts = sqliteTable(
  "dependency_impacts",
  {
    dependencyId: text("dependency_id")
      .notNull()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    componentId: text("component_id")
      .notNull()
      .references(() => components.id, { onDelete: "cascade" }),
    onState: text("on_state").$type<DependencyState>().notNull(),
    setStatus: text("set_status").$type<ComponentStatus>().notNull(),
    criticality: text("criticality").$type<Criticality>().notNull().default("high"),
    alternativeGroup: text("alternative_group"),
  },
  (t) => [
    primaryKey({ columns: [t.dependencyId, t.componentId, t.onState] }),
    index("dependency_impacts_component_idx").on(t.componentId),
  ],
);

/** Every observation that changed a dependency's confirmed state (and failures that made it unknown). */
export const dependencyObservations = sqliteTable(
  "dependency_observations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    dependencyId: text("dependency_id")
      .notNull()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    observedAt: integer("observed_at", { mode: "timestamp_ms" }).notNull(),
    state: text("state").$type<DependencyState>().notNull(),
    previousState: text("previous_state").$type<DependencyState>().notNull(),
    upstreamIncidents: text("upstream_incidents", { mode: "json" }).$type<UpstreamIncident[]>().notNull(),
    error: text("error"),
  },
  (t) => [index("dependency_observations_dependency_idx").on(t.dependencyId, t.observedAt)],
);

/**
 * The incident the monitor opened for a dependency outage, and the component statuses it set: on
 * recovery it restores only those an admin has not changed since.
 */
export const dependencyIncidents = sqliteTable(
  "dependency_incidents",
  {
    incidentId: text("incident_id")
      .primaryKey()
      .references(() => incidents.id, { onDelete: "cascade" }),
    dependencyId: text("dependency_id")
      .notNull()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    appliedStatuses: text("applied_statuses", { mode: "json" })
      .$type<Record<string, ComponentStatus>>()
      .notNull()
      .default({}),
    /** Set when the upstream recovered and a "resolved" update was proposed (or applied). */
    recoveredAt: integer("recovered_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("dependency_incidents_dependency_idx").on(t.dependencyId, t.recoveredAt)],
);

/** People the monitor alerts at once when a dependency degrades (not public subscribers). */
export const oncallContacts = sqliteTable("oncall_contacts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
