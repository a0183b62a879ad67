import type { ComponentStatus, Impact, Indicator } from "../../db/schema/enums.ts";

/** Worst last: the order used to roll statuses up. */
const severity: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const status of statuses) if (severity[status] > severity[worst]) worst = status;
  return worst;
}

/** A group shows the worst status of its children. */
export const groupStatus = worstStatus;

const impactOrder: Impact[] = ["none", "minor", "major", "critical"];

export function worstImpact(impacts: Iterable<Impact>): Impact {
  let worst: Impact = "none";
  for (const impact of impacts) if (impactOrder.indexOf(impact) > impactOrder.indexOf(worst)) worst = impact;
  return worst;
}

/** Incident impact from its affected components, as Statuspage computes it. */
export function impactOfStatus(status: ComponentStatus): Impact {
  switch (status) {
    case "major_outage":
      return "critical";
    case "partial_outage":
      return "major";
    case "degraded_performance":
      return "minor";
    default:
      return "none";
  }
}

export const pageDescriptions = {
  operational: "All Systems Operational",
  majorSystemOutage: "Major System Outage",
  partialSystemOutage: "Partial System Outage",
  minorServiceOutage: "Minor Service Outage",
  degradedSystemService: "Degraded System Service",
  partiallyDegradedService: "Partially Degraded Service",
  underMaintenance: "Service Under Maintenance",
} as const;

export interface PageStatus {
  indicator: Indicator;
  description: (typeof pageDescriptions)[keyof typeof pageDescriptions];
}

const descriptionOfIndicator: Record<Indicator, PageStatus["description"]> = {
  none: pageDescriptions.operational,
  minor: pageDescriptions.partiallyDegradedService,
  major: pageDescriptions.partialSystemOutage,
  critical: pageDescriptions.majorSystemOutage,
  maintenance: pageDescriptions.underMaintenance,
};

export interface PageStatusInput {
  /** Statuses of the leaf components (group rows excluded). */
  componentStatuses: ComponentStatus[];
  /** Impacts of the unresolved incidents: they count only on a page without components. */
  unresolvedIncidentImpacts: Impact[];
  maintenanceInProgress: boolean;
}

/**
 * The page's top-level status, following Statuspage's published rules: one component maps directly;
 * with several, "all" and "some" read differently; a page without components follows its incidents.
 */
export function pageStatus({
  componentStatuses,
  unresolvedIncidentImpacts,
  maintenanceInProgress,
}: PageStatusInput): PageStatus {
  const maintenance = { indicator: "maintenance", description: pageDescriptions.underMaintenance } as const;
  if (componentStatuses.length === 0) {
    const impact = worstImpact(unresolvedIncidentImpacts);
    if (impact !== "none") return { indicator: impact, description: descriptionOfIndicator[impact] };
    return maintenanceInProgress
      ? maintenance
      : { indicator: "none", description: pageDescriptions.operational };
  }
  const count = (status: ComponentStatus) => componentStatuses.filter((s) => s === status).length;
  const all = (status: ComponentStatus) => count(status) === componentStatuses.length;
  const some = (status: ComponentStatus) => count(status) > 0;
  const single = componentStatuses.length === 1;

  if (all("major_outage")) return { indicator: "critical", description: pageDescriptions.majorSystemOutage };
  if (some("major_outage") || all("partial_outage"))
    return { indicator: "major", description: pageDescriptions.partialSystemOutage };
  if (some("partial_outage")) return { indicator: "minor", description: pageDescriptions.minorServiceOutage };
  if (all("degraded_performance") && !single)
    return { indicator: "minor", description: pageDescriptions.degradedSystemService };
  if (some("degraded_performance"))
    return { indicator: "minor", description: pageDescriptions.partiallyDegradedService };
  if (some("under_maintenance") || maintenanceInProgress) return maintenance;
  return { indicator: "none", description: pageDescriptions.operational };
}
