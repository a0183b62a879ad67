import type { DependencyState, UpstreamIncident } from "../../../db/schema/index.ts";

/** A dependency's confirmed state changed (the flap guard has already passed). */
export interface DependencyChange {
  dependencyId: string;
  dependencyName: string;
  previous: DependencyState;
  next: DependencyState;
  upstreamIncidents: UpstreamIncident[];
  at: Date;
}
