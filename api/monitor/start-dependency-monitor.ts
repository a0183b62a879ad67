import { createRequire } from "node:module";
import type { Deps } from "../domain/context.ts";
import { getSettings } from "../domain/settings/get-settings.ts";
import type { SafeFetch } from "../net/safe-fetch.ts";
import { createSafeFetch, type SafeFetchOptions } from "../net/safe-fetch.ts";
import type { SafeGet } from "../net/safe-get.ts";
import { fromProjectRoot } from "../project-root.ts";
import { type Monitor, startMonitor } from "./poller.ts";
import { createSourceRegistry } from "./sources/registry.ts";

const { version } = createRequire(fromProjectRoot("package.json"))("./package.json") as { version: string };

/** How Vigie introduces itself to the status pages it reads. */
export const monitorUserAgent = `Vigie/${version} (+https://github.com/vigie-status/vigie)`;

export interface StartDependencyMonitorOptions {
  deps: Deps;
  timeoutMs?: number;
  maxBytes?: number;
  /** How long the `allow_private_targets` setting is trusted before it is read again. */
  settingsTtlMs?: number;
}

/** The monitor as the server runs it: the real adapters, through the fetch that refuses unsafe targets. */
export function startDependencyMonitor({
  deps,
  timeoutMs = 10_000,
  maxBytes = 5 * 1024 * 1024,
  settingsTtlMs = 30_000,
}: StartDependencyMonitorOptions): Monitor {
  const fetch = settingsAwareFetch(
    deps,
    // One connection per status host: checks of one host rarely overlap (see SafeFetchOptions).
    { timeoutMs, maxBytes, userAgent: monitorUserAgent, connectionsPerOrigin: 1 },
    settingsTtlMs,
  );
  return startMonitor({
    deps,
    registry: createSourceRegistry(),
    fetch,
    userAgent: monitorUserAgent,
    timeoutMs,
  });
}

/**
 * A safe fetch that follows the page setting `allow_private_targets` (on-premises installs), so that
 * turning it on or off takes effect without a restart.
 */
function settingsAwareFetch(
  deps: Deps,
  options: Omit<SafeFetchOptions, "allowPrivate">,
  ttlMs: number,
): SafeFetch {
  type Built = ReturnType<typeof createSafeFetch>;
  let cached: { allowPrivate: boolean; fetch: Built; readAt: number } | undefined;
  const current = async (): Promise<Built> => {
    const now = Date.now();
    if (!cached || now - cached.readAt > ttlMs) {
      const { allowPrivateTargets: allowPrivate } = await getSettings(deps);
      const fetch =
        cached?.allowPrivate === allowPrivate ? cached.fetch : createSafeFetch({ ...options, allowPrivate });
      cached = { allowPrivate, fetch, readAt: now };
    }
    return cached.fetch;
  };
  const get: SafeGet = async (url, init) => (await current()).get(url, init);
  return Object.assign(async (url: string, init?: Parameters<SafeFetch>[1]) => (await current())(url, init), {
    get,
  });
}
