import type { ComponentStatus, DependencyState } from "../../../db/schema/enums.ts";
import { worstStatus } from "../status-rules.ts";

/**
 * The upstream states that act on our components and open an incident. `under_maintenance` is the
 * provider's planned work, not an outage, and `unknown` means we cannot read its status: both are
 * shown to admins (and alerted to on-call) but never change what customers see.
 */
const actingSeverity: Partial<Record<DependencyState, number>> = {
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The threshold of an impact, in the same order (`under_maintenance` ranks below every acting state). */
const thresholdSeverity: Record<DependencyState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
  unknown: Number.POSITIVE_INFINITY,
};

export function acts(state: DependencyState): boolean {
  return actingSeverity[state] !== undefined;
}

/** An impact applies when the upstream is in an acting state at least as severe as its threshold. */
export function impactApplies(onState: DependencyState, state: DependencyState): boolean {
  const severity = actingSeverity[state];
  return severity !== undefined && severity >= thresholdSeverity[onState];
}

/** Whether the upstream went from one acting state to a more severe one. */
export function worsened(previous: DependencyState, next: DependencyState): boolean {
  return (actingSeverity[next] ?? 0) > (actingSeverity[previous] ?? 0);
}

export function isWorse(a: ComponentStatus, b: ComponentStatus): boolean {
  return a !== b && worstStatus([a, b]) === a;
}
