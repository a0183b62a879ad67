import type { Clock } from "../../domain/clock.ts";
import { type Backoff, BackoffTable, FailureWindow } from "./failure-counters.ts";

export interface LoginLimits {
  /** Growing delays for one account tried from one address: free failures, then 1 s, 2 s, 4 s… */
  perAccountAndAddress: Backoff;
  /** Growing delays for one account tried from everywhere; addresses it signed in from are exempt. */
  perAccount: Backoff;
  /** Hard limit of failures per client address (any account) within `windowMs`. */
  perAddress: { limit: number; windowMs: number };
  /** How long an address that signed in to an account stays exempt from that account's delays. */
  knownAddressMs: number;
}

const minute = 60_000;
export const defaultLoginLimits: LoginLimits = {
  perAccountAndAddress: { free: 3, baseMs: 1_000, capMs: 15 * minute, forgetMs: 24 * 60 * minute },
  perAccount: { free: 10, baseMs: 1_000, capMs: 15 * minute, forgetMs: 24 * 60 * minute },
  perAddress: { limit: 20, windowMs: 15 * minute },
  knownAddressMs: 30 * 24 * 60 * minute,
};

/** A sign-in counted as failed from the moment it was let through, until it proves otherwise. */
export interface Attempt {
  /** The password was right: forget this account's failures and remember the address. */
  succeeded(): void;
  /** The password was never checked (the server was busy): the attempt does not count. */
  cancel(): void;
}

export type Admission = { wait: number } | { wait: 0; attempt: Attempt };

/**
 * Slows password guessing without handing the owner's account to whoever guesses. One account tried
 * from one address waits longer after each failure (so guessing from one place is slow); one address
 * has a hard limit whatever the accounts (so spraying is slow); one account tried from many places
 * also gets growing delays, which never apply from addresses that signed in to it recently, and to
 * which one address adds only its first few failures: an attacker somewhere cannot lock its owner out. An attempt is counted when it is let through, before the
 * password is hashed: concurrent tries see each other. Unknown accounts are counted exactly like
 * known ones, so nothing here tells which exist. Kept in this process's memory.
 */
export class LoginLimiter {
  readonly #pair: BackoffTable;
  readonly #account: BackoffTable;
  readonly #address: FailureWindow;
  /** account → address → when it last signed in from there. */
  readonly #known = new Map<string, Map<string, number>>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly clock: Clock,
  ) {
    this.#pair = new BackoffTable(limits.perAccountAndAddress);
    this.#account = new BackoffTable(limits.perAccount);
    this.#address = new FailureWindow(limits.perAddress.limit, limits.perAddress.windowMs);
  }

  /** Lets a sign-in through (counting it as a failure until it succeeds), or says how many seconds to wait. */
  admit(email: string, address: string): Admission {
    const now = this.clock.now().getTime();
    // No email is longer (RFC 5321); the bound keeps memory flat whatever is posted.
    const account = email.trim().toLowerCase().slice(0, 320);
    const pair = `${account}\n${address}`;
    const known = this.#isKnown(account, address, now);
    const waitMs = Math.max(
      this.#pair.wait(pair, now),
      this.#address.wait(address, now),
      known ? 0 : this.#account.wait(account, now),
    );
    if (waitMs > 0) return { wait: Math.max(1, Math.ceil(waitMs / 1000)) };
    // One address adds at most its free failures to the account's count: that count is for
    // guessing spread over many places, and one place is already slowed by its own delays.
    const countsForAccount = !known && this.#pair.count(pair, now) < this.limits.perAccountAndAddress.free;
    this.#pair.fail(pair, now);
    this.#address.fail(address, now);
    if (countsForAccount) this.#account.fail(account, now);
    return {
      wait: 0,
      attempt: {
        succeeded: () => {
          this.#pair.clear(pair);
          this.#account.clear(account);
          this.#address.refund(address, now);
          this.#remember(account, address);
        },
        cancel: () => {
          this.#pair.refund(pair);
          this.#address.refund(address, now);
          if (countsForAccount) this.#account.refund(account);
        },
      },
    };
  }

  #isKnown(account: string, address: string, now: number): boolean {
    const at = this.#known.get(account)?.get(address);
    return at !== undefined && now - at < this.limits.knownAddressMs;
  }

  #remember(account: string, address: string) {
    const addresses = this.#known.get(account) ?? new Map<string, number>();
    addresses.delete(address);
    addresses.set(address, this.clock.now().getTime());
    // The last few places are enough; a bound keeps memory flat whatever happens.
    if (addresses.size > 20) addresses.delete(addresses.keys().next().value!);
    this.#known.set(account, addresses);
  }
}
