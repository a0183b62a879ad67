import { getSettings } from "../domain/settings/get-settings.ts";
import { endpointChannels } from "../domain/subscribers/channel-specs.ts";
import type { SafeFetch } from "../net/safe-fetch.ts";
import { createSafeFetch, type LookupAll } from "../net/safe-fetch.ts";
import {
  createEndpointLanes,
  type EndpointDispatcherOptions,
  type EndpointLanes,
} from "./dispatch-endpoints.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { createGuardedFetch } from "./endpoints/guarded-fetch.ts";

export interface EndpointChannelsOptions extends Omit<EndpointDispatcherOptions, "fetch" | "publicFetch"> {
  /** How long the `allow_private_targets` setting is trusted before it is read again. */
  settingsTtlMs?: number;
  /** The name resolver (the system's by default; tests pass one that refuses every name). */
  lookup?: LookupAll;
  /**
   * The fetch for endpoints the public subscribed (by default the guard with private targets always
   * refused). Tests pass one that reaches their loopback receivers, standing for the internet.
   */
  publicFetch?: SafeFetch;
}

/**
 * The webhook and chat lanes as the server runs them: every request goes through the SSRF guard,
 * which refuses private and loopback targets; the page may allow them (`allow_private_targets`) for
 * endpoints an admin added, never for those the public subscribed.
 */
export function createGuardedEndpointLanes(options: EndpointChannelsOptions): EndpointLanes {
  const { deps, settingsTtlMs = 5_000, lookup, publicFetch, ...rest } = options;
  const fetch = createGuardedFetch({
    allowPrivate: async () => (await getSettings(deps)).allowPrivateTargets,
    ttlMs: settingsTtlMs,
    userAgent: "Vigie-Notifier/1",
    ...(lookup && { lookup }),
  });
  const strict =
    publicFetch ??
    createSafeFetch({ allowPrivate: false, userAgent: "Vigie-Notifier/1", ...(lookup && { lookup }) });
  return createEndpointLanes({ deps, fetch, publicFetch: strict, ...rest });
}

/** Every endpoint channel's lane, as the server builds them. */
export const createEndpointChannels = (options: EndpointChannelsOptions): Dispatcher[] =>
  endpointChannels.map(createGuardedEndpointLanes(options));
