import type { Clock } from "../../domain/clock.ts";

export interface LoginLimits {
  /** Failed sign-ins allowed per account (email) within `windowMs`. */
  perAccount: number;
  /** Failed sign-ins allowed per client address within `windowMs`. */
  perIp: number;
  windowMs: number;
}

export const defaultLoginLimits: LoginLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 };

/** Failures per key in a sliding window; memory stays bounded by sweeping old keys. */
class FailureWindow {
  #failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0. */
  wait(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - now) / 1000));
  }

  fail(key: string, now: number) {
    if (this.#failures.size > 50_000) for (const k of this.#failures.keys()) this.#recent(k, now);
    this.#failures.set(key, [...this.#recent(key, now), now].slice(-this.limit));
  }

  clear(key: string) {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length) this.#failures.set(key, recent);
    else this.#failures.delete(key);
    return recent;
  }
}

/**
 * Slows password guessing: per account, so one account cannot be brute-forced from many places, and
 * per address, so one place cannot spray many accounts. Unknown accounts count like known ones, so
 * the limit tells nothing about which exist. Kept in this process's memory.
 */
export class LoginLimiter {
  readonly #account: FailureWindow;
  readonly #ip: FailureWindow;

  constructor(
    limits: LoginLimits,
    private readonly clock: Clock,
  ) {
    this.#account = new FailureWindow(limits.perAccount, limits.windowMs);
    this.#ip = new FailureWindow(limits.perIp, limits.windowMs);
  }

  /** Seconds to wait before this sign-in may be tried, or 0. */
  wait(account: string, ip: string): number {
    const now = this.clock.now().getTime();
    return Math.max(this.#account.wait(account.trim().toLowerCase(), now), this.#ip.wait(ip, now));
  }

  failed(account: string, ip: string) {
    const now = this.clock.now().getTime();
    this.#account.fail(account.trim().toLowerCase(), now);
    this.#ip.fail(ip, now);
  }

  succeeded(account: string) {
    this.#account.clear(account.trim().toLowerCase());
  }
}
