import { getSettings } from "../domain/settings/get-settings.ts";
import type { LookupAll } from "../net/safe-fetch.ts";
import { createEndpointDispatchers, type EndpointDispatcherOptions } from "./dispatch-endpoints.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { createGuardedFetch } from "./endpoints/guarded-fetch.ts";

export interface EndpointChannelsOptions extends Omit<EndpointDispatcherOptions, "fetch"> {
  /** How long the `allow_private_targets` setting is trusted before it is read again. */
  settingsTtlMs?: number;
  /** The name resolver (the system's by default; tests pass one that refuses every name). */
  lookup?: LookupAll;
}

/**
 * The webhook, Slack, Discord and Teams dispatchers as the server runs them: every request goes
 * through the SSRF guard, which refuses private and loopback targets unless the page allows them.
 */
export function createEndpointChannels(options: EndpointChannelsOptions): Dispatcher[] {
  const { deps, settingsTtlMs = 5_000, lookup, ...rest } = options;
  const fetch = createGuardedFetch({
    allowPrivate: async () => (await getSettings(deps)).allowPrivateTargets,
    ttlMs: settingsTtlMs,
    userAgent: "Vigie-Notifier/1",
    ...(lookup && { lookup }),
  });
  return createEndpointDispatchers({ deps, fetch, ...rest });
}
