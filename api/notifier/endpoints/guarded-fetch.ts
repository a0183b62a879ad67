import type { SafeFetch } from "../../net/safe-fetch.ts";
import { createSafeFetch, type SafeFetchOptions } from "../../net/safe-fetch.ts";

export interface GuardedFetchOptions extends Omit<SafeFetchOptions, "allowPrivate"> {
  /** Reads the page setting `allow_private_targets` (on-premises installs reach their own network). */
  allowPrivate: () => Promise<boolean>;
  /** How long the setting is trusted before it is read again. */
  ttlMs: number;
  /** Real time, not the notifier's clock: a cache lifetime, not a business time. */
  now?: () => number;
}

/**
 * The SSRF-guarded fetch for subscriber URLs, following the setting without a restart: turning
 * private targets off takes effect within `ttlMs`, and a guard is only rebuilt when it changes.
 */
export function createGuardedFetch(options: GuardedFetchOptions): SafeFetch {
  const { allowPrivate, ttlMs, now = Date.now, ...safe } = options;
  let cached: { allowPrivate: boolean; fetch: SafeFetch; readAt: number } | undefined;
  return async (url, init) => {
    const at = now();
    if (!cached || at - cached.readAt >= ttlMs) {
      const allowed = await allowPrivate();
      const fetch =
        cached?.allowPrivate === allowed ? cached.fetch : createSafeFetch({ ...safe, allowPrivate: allowed });
      cached = { allowPrivate: allowed, fetch, readAt: at };
    }
    return cached.fetch(url, init);
  };
}
