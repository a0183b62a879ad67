import type { Clock } from "../../domain/clock.ts";

export interface RateLimiterOptions {
  /** Starting rate, and the most the limiter will go to whatever the provider advertises. */
  maxPerSecond: number;
  clock: Clock;
}

export interface RateLimiter {
  /** Resolves when the caller may start its next request. */
  acquire(): Promise<void>;
  /** Adjusts to a provider answer's `ratelimit-*` and `retry-after` headers (lower-case names). */
  observe(headers: Record<string, string> | null): void;
}

/** `retry-after` as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string> | null, now: number): number | null {
  const value = headers?.["retry-after"];
  if (value === undefined || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Spaces request starts evenly at the current rate (on a fixed schedule, so late releases do not
 * drift it), and pauses every caller when the provider says
 * to (`retry-after`, or no `ratelimit-remaining` left until `ratelimit-reset`). Resend's limit is
 * per second and shared by every key of the team, so other processes may use part of it: the
 * headers are how we learn that. Callers wait in a queue and are let go one per slot, so a pause or
 * a lower rate learnt while they wait still applies to them. The clock must move with real time.
 */
export function createRateLimiter({ maxPerSecond, clock }: RateLimiterOptions): RateLimiter {
  let perSecond = maxPerSecond;
  let nextStart = 0;
  let blockedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  const waiting: (() => void)[] = [];
  const now = () => clock.now().getTime();

  function release() {
    timer = null;
    while (waiting.length > 0) {
      const at = now();
      const slot = Math.max(nextStart, blockedUntil);
      if (slot > at) {
        timer = setTimeout(release, slot - at);
        return;
      }
      // Slots keep to their schedule: a release made late by a busy event loop (a few ms behind a
      // large batch's serialisation) does not push every later slot back, which would lose a tenth
      // of the rate. The catch-up is bounded: two starts are never closer than half an interval.
      const interval = 1000 / perSecond;
      nextStart = Math.max(slot, at - interval / 2) + interval;
      waiting.shift()!();
    }
  }

  return {
    acquire() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (timer === null) release();
      });
    },
    observe(headers) {
      if (!headers) return;
      const limit = Number(headers["ratelimit-limit"]);
      if (Number.isFinite(limit) && limit > 0) perSecond = Math.min(maxPerSecond, limit);
      let pauseMs = retryAfterMs(headers, now());
      const reset = Number(headers["ratelimit-reset"]);
      if (pauseMs === null && headers["ratelimit-remaining"] === "0" && Number.isFinite(reset)) {
        pauseMs = reset * 1000;
      }
      if (pauseMs !== null) blockedUntil = Math.max(blockedUntil, now() + pauseMs);
    },
  };
}
