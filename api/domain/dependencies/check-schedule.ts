/**
 * When a dependency is checked. Each dependency has its own phase within its interval, derived from
 * its id, so that many dependencies with the same interval (200 added at once from the catalog) are
 * checked spread over the interval rather than in one burst, and each keeps its slot across restarts
 * and processes. A new state is confirmed by a quick re-check rather than a whole interval later.
 */

/** How soon a state seen for the first time is looked at again (never later than the interval). */
export const confirmRecheckMs = 10_000;

/** FNV-1a of the id: stable, cheap, and spread well enough over an interval. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The dependency's offset within each interval, in ms (slots are at phase + k × interval, UTC). */
export function phaseOffsetMs(id: string, intervalSeconds: number): number {
  return hash(id) % (intervalSeconds * 1000);
}

/** The first of the dependency's slots strictly after `at` (or at `at` itself when `inclusive`). */
export function nextSlot(id: string, intervalSeconds: number, at: Date, inclusive = false): Date {
  const interval = intervalSeconds * 1000;
  const phase = phaseOffsetMs(id, intervalSeconds);
  const t = at.getTime();
  let slot = Math.floor((t - phase) / interval) * interval + phase;
  while (inclusive ? slot < t : slot <= t) slot += interval;
  return new Date(slot);
}

/** When a state seen once is checked again to confirm it. */
export function recheckAt(intervalSeconds: number, at: Date): Date {
  return new Date(at.getTime() + Math.min(confirmRecheckMs, intervalSeconds * 1000));
}
