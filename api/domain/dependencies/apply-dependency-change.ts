import type { DependencyState, UpstreamIncident } from "../../../db/schema/index.ts";
import type { Deps, Tx } from "../context.ts";

/** A dependency's confirmed state changed (the flap guard has already passed). */
export interface DependencyChange {
  dependencyId: string;
  dependencyName: string;
  previous: DependencyState;
  next: DependencyState;
  upstreamIncidents: UpstreamIncident[];
  at: Date;
}

/**
 * Turns a confirmed change into our side of it: component statuses, a draft (or published) incident,
 * on-call alerts, a proposed resolution on recovery. Runs inside the transaction that records the change.
 */
export async function applyDependencyChange(_tx: Tx, _deps: Deps, _change: DependencyChange): Promise<void> {
  // Filled in by the incident-drafting work; recording observations does not depend on it.
}
