import type { DependencyState, UpstreamIncident } from "../../../db/schema/index.ts";
import { nextSlot, recheckAt } from "./check-schedule.ts";
import type { DependencyRow } from "./dependency-store.ts";
import type { PollResult } from "./poll-result.ts";

const minute = 60_000;
/** Transient failures back off up to this; the upstream is retried at least this often. */
export const maxRetryDelayMs = 30 * minute;
/** A 4xx will not fix itself soon: start slower and back off further, so we never hammer it. */
export const clientErrorBaseDelayMs = 5 * minute;
export const maxClientErrorDelayMs = 6 * 60 * minute;

/**
 * When to check again after `failures` failures in a row (0 = the last check worked): the interval,
 * doubled per failure up to 30 minutes; from 5 minutes up to 6 hours when the upstream refused us.
 */
export function retryDelayMs(intervalSeconds: number, failures: number, retryable = true): number {
  const interval = intervalSeconds * 1000;
  if (failures <= 0) return interval;
  const factor = 2 ** Math.min(failures, 20);
  const delay = retryable
    ? Math.min(interval * factor, maxRetryDelayMs)
    : Math.min(Math.max(interval, clientErrorBaseDelayMs) * (factor / 2), maxClientErrorDelayMs);
  return Math.max(delay, interval);
}

/** A state the flap guard has let through. */
export interface ConfirmedChange {
  previous: DependencyState;
  next: DependencyState;
  upstreamIncidents: UpstreamIncident[];
  error: string | null;
}

export interface PollOutcome {
  changes: Partial<DependencyRow>;
  confirmed: ConfirmedChange | null;
}

const sameIncidents = (a: UpstreamIncident[], b: UpstreamIncident[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The flap guard and the schedule: what one poll result does to a dependency's row. A new state counts
 * once seen `confirmations` times in a row; a failure is seen as `unknown`, never as operational.
 * Checks that worked come back at the dependency's next slot (see check-schedule.ts); a new state
 * read from the upstream is re-checked within seconds, so an outage is confirmed (and its incident
 * drafted) within one interval plus the re-check; failures back off.
 */
export function pollOutcome(row: DependencyRow, result: PollResult, at: Date): PollOutcome {
  const validators = {
    etag: result.validators.etag ?? null,
    lastModified: result.validators.lastModified ?? null,
    contentHash: result.validators.contentHash ?? null,
  };
  const base: Partial<DependencyRow> = { ...validators, lastCheckedAt: at };
  const onSchedule = nextSlot(row.id, row.pollIntervalSeconds, at);
  // The same document as the one that showed the candidate state is a second sighting of it: the
  // candidate kept its validators only when that document listed no incident and no error (below).
  const again = result.kind === "unchanged" && row.candidateState !== null && row.consecutiveFailures === 0;
  if (result.kind === "unchanged" && !again)
    return { changes: { ...base, nextCheckAt: onSchedule }, confirmed: null };
  const failed = result.kind === "failed";
  const failures = failed ? row.consecutiveFailures + 1 : 0;
  const seen: DependencyState =
    result.kind === "observed" ? result.observation.state : failed ? "unknown" : row.candidateState!;
  const incidents = result.kind === "observed" ? result.observation.upstreamIncidents : [];
  const error = failed
    ? result.error
    : result.kind === "observed"
      ? (result.observation.error ?? null)
      : null;
  const changes: Partial<DependencyRow> = {
    ...base,
    consecutiveFailures: failures,
    lastError: error,
    nextCheckAt:
      failures > 0
        ? after(at, retryDelayMs(row.pollIntervalSeconds, failures, failed ? result.retryable : true))
        : onSchedule,
  };
  if (seen === row.state) {
    Object.assign(changes, { candidateState: null, candidateCount: 0 });
    // The state holds but the upstream's incidents moved on (a new one, a new title): keep the latest.
    if (!failed && !sameIncidents(incidents, row.upstreamIncidents)) changes.upstreamIncidents = incidents;
    return { changes, confirmed: null };
  }
  const count = row.candidateState === seen ? row.candidateCount + 1 : 1;
  if (count < row.confirmations) {
    Object.assign(changes, { candidateState: seen, candidateCount: count });
    if (!failed) changes.nextCheckAt = recheckAt(row.pollIntervalSeconds, at);
    // A candidate is stored without its incidents or error: a document that listed some is read in
    // full again, so that what confirms the state says what it was.
    if (incidents.length > 0 || error !== null)
      Object.assign(changes, { etag: null, lastModified: null, contentHash: null });
    return { changes, confirmed: null };
  }
  Object.assign(changes, {
    state: seen,
    upstreamIncidents: incidents,
    candidateState: null,
    candidateCount: 0,
    lastChangedAt: at,
  } satisfies Partial<DependencyRow>);
  return { changes, confirmed: { previous: row.state, next: seen, upstreamIncidents: incidents, error } };
}

const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
