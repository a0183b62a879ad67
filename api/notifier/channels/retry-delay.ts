export interface RetryDelayOptions {
  baseMs?: number;
  capMs?: number;
  /** Uniform in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

/**
 * Milliseconds to wait before retrying after `attempt` failed attempts (1 = the first one failed):
 * exponential backoff with full jitter, uniform in [0, min(capMs, baseMs × 2^(attempt−1))], so
 * workers that failed together do not come back together. Never sooner than the provider's
 * `retry-after`, even when that is longer than the cap: going earlier would only earn another 429.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | null = null,
  { baseMs = 1000, capMs = 300_000, random = Math.random }: RetryDelayOptions = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
