import type { DependencyState, UpstreamIncident } from "../../../db/schema/index.ts";

/** What one poll of a source saw, normalised. A failed or unparsable fetch is `unknown`, never operational. */
export interface Observation {
  state: DependencyState;
  upstreamIncidents: UpstreamIncident[];
  /** Why the state is unknown (fetch or parse failure), in words an admin can act on. */
  error?: string;
}

/** Validators carried from one poll to the next (conditional GET and a content hash). */
export interface PollValidators {
  etag?: string | null;
  lastModified?: string | null;
  contentHash?: string | null;
}

export type PollResult =
  /** The upstream answered 304 or the same bytes as last time: nothing changed. */
  | { kind: "unchanged"; validators: PollValidators }
  | { kind: "observed"; observation: Observation; validators: PollValidators }
  /** Fetch or parse failure. `retryable` is false for 4xx: back off, no retry storm. */
  | { kind: "failed"; error: string; retryable: boolean; validators: PollValidators };
