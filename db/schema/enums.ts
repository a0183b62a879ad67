/** Every enum of the domain, defined once: schema, zod, API and templates all read these. */

export const componentStatuses = [
  "operational",
  "under_maintenance",
  "degraded_performance",
  "partial_outage",
  "major_outage",
] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

export const incidentStatuses = [
  "investigating",
  "identified",
  "monitoring",
  "resolved",
  "postmortem",
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const maintenanceStatuses = ["scheduled", "in_progress", "verifying", "completed"] as const;
export type MaintenanceStatus = (typeof maintenanceStatuses)[number];

export type AnyIncidentStatus = IncidentStatus | MaintenanceStatus;

export const impacts = ["none", "minor", "major", "critical"] as const;
export type Impact = (typeof impacts)[number];

export const indicators = ["none", "minor", "major", "critical", "maintenance"] as const;
export type Indicator = (typeof indicators)[number];

export const incidentKinds = ["incident", "maintenance"] as const;
export type IncidentKind = (typeof incidentKinds)[number];

export const roles = ["viewer", "editor", "owner"] as const;
export type Role = (typeof roles)[number];

export const locales = ["en", "fr"] as const;
export type Locale = (typeof locales)[number];

/** What we know of an upstream provider. `unknown` (a failed or unparsable fetch) is never green. */
export const dependencyStates = [...componentStatuses, "unknown"] as const;
export type DependencyState = (typeof dependencyStates)[number];

export const sourceKinds = ["statuspage", "aws", "gcp", "azure", "slack", "feed", "http"] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** What the monitor does with the incident it drafts when a dependency degrades. */
export const dependencyPolicies = ["draft", "publish"] as const;
export type DependencyPolicy = (typeof dependencyPolicies)[number];

/** How much a component needs a dependency: a `critical` one without an alternative is a single point of failure. */
export const criticalities = ["critical", "high", "low"] as const;
export type Criticality = (typeof criticalities)[number];
