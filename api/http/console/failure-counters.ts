/** Past the free failures, each one doubles the wait before the next try, up to `capMs`. */
export interface Backoff {
  free: number;
  baseMs: number;
  capMs: number;
  /** Failures are forgotten this long after the last one. */
  forgetMs: number;
}

/** Above this many keys, stale ones are swept: memory stays bounded whoever sends what. */
const sweepAbove = 50_000;

/** Failure counts per key with a growing delay. */
export class BackoffTable {
  #entries = new Map<string, { failures: number; lastAt: number }>();

  constructor(private readonly backoff: Backoff) {}

  /** Milliseconds until the key may try again, or 0. */
  wait(key: string, now: number): number {
    const entry = this.#current(key, now);
    if (!entry || entry.failures < this.backoff.free) return 0;
    const { baseMs, capMs, free } = this.backoff;
    const delay = Math.min(capMs, baseMs * 2 ** Math.min(30, entry.failures - free));
    return Math.max(0, entry.lastAt + delay - now);
  }

  /** Failures counted for the key (and not yet forgotten). */
  count(key: string, now: number): number {
    return this.#current(key, now)?.failures ?? 0;
  }

  fail(key: string, now: number) {
    if (this.#entries.size > sweepAbove) for (const k of this.#entries.keys()) this.#current(k, now);
    const entry = this.#current(key, now) ?? { failures: 0, lastAt: now };
    this.#entries.set(key, { failures: entry.failures + 1, lastAt: now });
  }

  /** Takes back one failure counted too early. */
  refund(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    if (entry.failures <= 1) this.#entries.delete(key);
    else entry.failures -= 1;
  }

  clear(key: string) {
    this.#entries.delete(key);
  }

  #current(key: string, now: number) {
    const entry = this.#entries.get(key);
    if (entry && now - entry.lastAt > this.backoff.forgetMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** A hard limit: at most `limit` failures per key in a sliding window. */
export class FailureWindow {
  #failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until the key may try again, or 0. */
  wait(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, recent[recent.length - this.limit]! + this.windowMs - now);
  }

  fail(key: string, now: number) {
    if (this.#failures.size > sweepAbove) for (const k of this.#failures.keys()) this.#recent(k, now);
    this.#failures.set(key, [...this.#recent(key, now), now].slice(-this.limit));
  }

  /** Takes back the failure counted at `at`. */
  refund(key: string, at: number) {
    const times = this.#failures.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (!times || index < 0) return;
    times.splice(index, 1);
    if (times.length === 0) this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length) this.#failures.set(key, recent);
    else this.#failures.delete(key);
    return recent;
  }
}
