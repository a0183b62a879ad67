import type { DependencyState } from "../../../db/schema/index.ts";

/**
 * How bad each state is. `unknown` sits above the green states: when one watched part cannot be read
 * and the others are fine, the whole is unknown, never operational.
 */
const severity: Record<DependencyState, number> = {
  operational: 0,
  under_maintenance: 1,
  unknown: 2,
  degraded_performance: 3,
  partial_outage: 4,
  major_outage: 5,
};

/** The worst of several states; operational when there are none (nothing watched is affected). */
export function worstState(states: Iterable<DependencyState>): DependencyState {
  let worst: DependencyState = "operational";
  for (const state of states) if (severity[state] > severity[worst]) worst = state;
  return worst;
}

/** A Statuspage (or incident.io) component status; a value we do not know is read as unknown. */
export function fromComponentStatus(status: string): DependencyState {
  switch (status) {
    case "operational":
    case "degraded_performance":
    case "partial_outage":
    case "major_outage":
    case "under_maintenance":
      return status;
    case "full_outage":
      return "major_outage";
    default:
      return "unknown";
  }
}

/** A Statuspage incident impact or page indicator. */
export function fromImpact(impact: string): DependencyState {
  switch (impact) {
    case "none":
      return "operational";
    case "minor":
      return "degraded_performance";
    case "major":
      return "partial_outage";
    case "critical":
      return "major_outage";
    case "maintenance":
      return "under_maintenance";
    default:
      return "unknown";
  }
}

/** An ISO 8601 timestamp from an upstream date string, or undefined when it cannot be read. */
export function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Case- and space-insensitive comparison key for names an admin typed (regions, services, groups). */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}
