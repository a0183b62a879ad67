const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * Waits before each retry of one webhook delivery: the first attempt is immediate, then 5 s, 5 min,
 * 30 min, 2 h, 5 h and 10 h (the start of Svix's and Resend's schedule), about 17 h 35 min in all.
 * Long enough to outlast a deploy, a night or a weekend outage of a small receiver, short enough
 * that a status update does not arrive days late.
 */
export const webhookRetryDelaysMs: readonly number[] = [
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
];

/** Attempts a delivery gets in all: the first one and one per scheduled retry. */
export const webhookMaxAttempts = webhookRetryDelaysMs.length + 1;

/** An endpoint that has failed every attempt for this long is disabled and shown to admins. */
export const webhookDisableAfterMs = 24 * hour;

export interface WebhookRetryOptions {
  /** Uniform in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
  /** Spread each wait by up to ± this fraction, so receivers that failed together are not hit together. */
  jitter?: number;
}

/**
 * Milliseconds to wait after `attempt` failed attempts (1 = the first one failed), or null when the
 * schedule is used up and the delivery should be marked failed. Never sooner than the receiver's
 * `Retry-After`.
 */
export function webhookRetryDelay(
  attempt: number,
  retryAfterMs: number | null = null,
  { random = Math.random, jitter = 0.1 }: WebhookRetryOptions = {},
): number | null {
  const base = webhookRetryDelaysMs[attempt - 1];
  if (base === undefined) return null;
  const spread = base * jitter * (2 * random() - 1);
  return Math.max(Math.round(base + spread), retryAfterMs ?? 0);
}

/**
 * Whether an endpoint should be disabled: it has failed without a single success since
 * `failingSince` (null while its last attempt succeeded), for a day or more. Measured across all of
 * the endpoint's deliveries, so a receiver that is down for good is disabled even though each
 * delivery's own schedule is shorter than a day.
 */
export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= webhookDisableAfterMs;
}
