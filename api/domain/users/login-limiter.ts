import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { rateCounters } from "../../../db/schema/index.ts";
import type { Deps, Tx } from "../context.ts";
import { hitCounter, pruneCounters } from "../subscribers/rate-counter.ts";

/** Past the free failures, each one doubles the wait before the next try, up to `capMs`. */
export interface Backoff {
  free: number;
  baseMs: number;
  capMs: number;
  /** Failures are forgotten this long after the last one. */
  forgetMs: number;
}

export interface LoginLimits {
  /** Growing delays for one account tried from one address: free failures, then 1 s, 2 s, 4 s… */
  perAccountAndAddress: Backoff;
  /** Growing delays for one account tried from everywhere; addresses it signed in from are exempt. */
  perAccount: Backoff;
  /** Hard limit of failures per client address (any account) within a window of `windowMs`. */
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
  succeeded(): Promise<void>;
  /** The password was never checked (the server was busy): the attempt does not count. */
  cancel(): Promise<void>;
}

export type Admission = { wait: number } | { wait: 0; attempt: Attempt };

/** Counters name accounts by a digest: what was typed as an email is not kept in clear. */
const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

type Row = { count: number; windowEndsAt: Date };

/** Milliseconds until a backoff counter lets the next try through, or 0. */
function backoffWait(row: Row | undefined, backoff: Backoff, now: number): number {
  if (!row || row.windowEndsAt.getTime() <= now || row.count < backoff.free) return 0;
  const lastAt = row.windowEndsAt.getTime() - backoff.forgetMs;
  const delay = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(30, row.count - backoff.free));
  return Math.max(0, lastAt + delay - now);
}

/** One more failure on a backoff counter, forgotten `forgetMs` after this one. */
async function failBackoff(tx: Tx, key: string, forgetMs: number, now: number) {
  await tx
    .insert(rateCounters)
    .values({ key, count: 1, windowEndsAt: new Date(now + forgetMs) })
    .onConflictDoUpdate({
      target: rateCounters.key,
      set: {
        count: sql`case when ${rateCounters.windowEndsAt} <= ${now} then 1 else ${rateCounters.count} + 1 end`,
        windowEndsAt: new Date(now + forgetMs),
      },
    });
}

async function refund(tx: Tx, key: string) {
  await tx
    .update(rateCounters)
    .set({ count: sql`max(0, ${rateCounters.count} - 1)` })
    .where(sql`${rateCounters.key} = ${key}`);
}

/**
 * Slows password guessing without handing the owner's account to whoever guesses. One account tried
 * from one address waits longer after each failure (so guessing from one place is slow); one address
 * has a hard limit whatever the accounts (so spraying is slow); one account tried from many places
 * also gets growing delays, which never apply from addresses that signed in to it recently, and to
 * which one address adds only its first few failures: an attacker somewhere cannot lock its owner
 * out. An attempt is counted when it is let through, before the password is hashed, in one
 * transaction: concurrent tries see each other. Unknown accounts are counted exactly like known
 * ones, so nothing here tells which exist. The counters are in the database, so the limits hold
 * across restarts and across every process sharing it.
 */
export class LoginLimiter {
  /** Old counters are swept at most once a minute: a flood of sign-ins must not sweep on each one. */
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: Deps,
    private readonly limits: LoginLimits = defaultLoginLimits,
  ) {}

  /** Lets a sign-in through (counting it as a failure until it succeeds), or says how many seconds to wait. */
  admit(email: string, address: string): Promise<Admission> {
    const { deps, limits } = this;
    // No email is longer (RFC 5321); the bound keeps what is hashed small whatever is posted.
    const account = digest(email.trim().toLowerCase().slice(0, 320));
    const keys = {
      pair: `login:pair:${digest(`${account}\n${address}`)}`,
      account: `login:account:${account}`,
      address: `login:address:${address.slice(0, 64)}`,
      known: `login:known:${digest(`${account}\n${address}`)}`,
    };
    return deps.write(async (tx): Promise<Admission> => {
      const at = deps.clock.now();
      const now = at.getTime();
      if (now - this.#prunedAt > minute) {
        this.#prunedAt = now;
        await pruneCounters(tx, at);
      }
      const rows = await tx
        .select()
        .from(rateCounters)
        .where(inArray(rateCounters.key, Object.values(keys)));
      const row = (key: string) => rows.find((r) => r.key === key);
      const live = (r: Row | undefined) => (r && r.windowEndsAt.getTime() > now ? r : undefined);
      const known = live(row(keys.known)) !== undefined;
      const byAddress = live(row(keys.address));
      const waitMs = Math.max(
        backoffWait(row(keys.pair), limits.perAccountAndAddress, now),
        byAddress && byAddress.count >= limits.perAddress.limit ? byAddress.windowEndsAt.getTime() - now : 0,
        known ? 0 : backoffWait(row(keys.account), limits.perAccount, now),
      );
      if (waitMs > 0) return { wait: Math.max(1, Math.ceil(waitMs / 1000)) };
      // One address adds at most its free failures to the account's count: that count is for
      // guessing spread over many places, and one place is already slowed by its own delays.
      const countsForAccount =
        !known && (live(row(keys.pair))?.count ?? 0) < limits.perAccountAndAddress.free;
      await failBackoff(tx, keys.pair, limits.perAccountAndAddress.forgetMs, now);
      await hitCounter(tx, keys.address, limits.perAddress.windowMs, at);
      if (countsForAccount) await failBackoff(tx, keys.account, limits.perAccount.forgetMs, now);
      return {
        wait: 0,
        attempt: {
          succeeded: () =>
            deps.write(async (tx) => {
              await tx.delete(rateCounters).where(inArray(rateCounters.key, [keys.pair, keys.account]));
              await refund(tx, keys.address);
              await failBackoff(tx, keys.known, limits.knownAddressMs, deps.clock.now().getTime());
            }),
          cancel: () =>
            deps.write(async (tx) => {
              await refund(tx, keys.pair);
              await refund(tx, keys.address);
              if (countsForAccount) await refund(tx, keys.account);
            }),
        },
      };
    });
  }
}
