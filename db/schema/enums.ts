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
