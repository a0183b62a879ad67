import { promises as dns, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import type { Agent } from "undici";
import { boundedResponse } from "./bounded-body.ts";
import { checkUrl } from "./check-url.ts";
import { FetchFailedError, UnsafeUrlError } from "./errors.ts";
import { refuseAddress } from "./ip-ranges.ts";
import { type Guard, type SafeGet, safeGet } from "./safe-get.ts";

type SafeFetchInit = RequestInit & { timeoutMs?: number; maxBytes?: number };

/**
 * A fetch that refuses unsafe targets; injected so tests can point at loopback. The one the server
 * builds also has `get`, the same guard around a plain GET without the Fetch API's objects.
 */
export type SafeFetch = ((url: string, init?: SafeFetchInit) => Promise<Response>) & { get?: SafeGet };

/** Resolves a host name to all its addresses, like `dns.promises.lookup(name, { all: true })`. */
export type LookupAll = (hostname: string) => Promise<LookupAddress[]>;

export interface SafeFetchOptions {
  /** On-premises installs (setting `allow_private_targets`): loopback, private and CGNAT pass. */
  allowPrivate: boolean;
  /** Injected in tests; the system resolver otherwise. */
  lookup?: LookupAll;
  /** Covers name lookup, connect, headers and body. */
  timeoutMs?: number;
  maxBytes?: number;
  userAgent: string;
  /**
   * Connections kept per origin (default 2). With one, a host is served by a single connection and
   * undici keeps no pool for it: the monitor, which reads most hosts once a minute and has its
   * kept-alive connection closed long before the next check, then builds one object per check
   * instead of two.
   */
  connectionsPerOrigin?: number;
}

const systemLookup: LookupAll = (hostname) => dns.lookup(hostname, { all: true, order: "verbatim" });

/**
 * A fetch for URLs given by users. The host is resolved once, every address is checked, and the
 * connection goes to the checked address (no second lookup, so DNS rebinding cannot swap it)
 * while Host and TLS SNI keep the name. Redirects are returned, never followed: the target of a
 * redirect was never checked. Refusals throw UnsafeUrlError before any socket opens; failures
 * after that throw FetchFailedError.
 */
export function createSafeFetch(options: SafeFetchOptions): SafeFetch & { get: SafeGet } {
  const { allowPrivate, lookup = systemLookup, userAgent, connectionsPerOrigin = 2 } = options;
  const agents = new PinnedAgents(connectionsPerOrigin);
  const guard: Guard = async (input, init) => {
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? 10_000;
    const maxBytes = init.maxBytes ?? options.maxBytes ?? 1024 * 1024;
    const checked = checkUrl(input, { allowPrivate });
    if (!checked.ok) throw new UnsafeUrlError(checked.reason);
    const { url, host } = checked;
    // Not AbortSignal.timeout: its timer cannot be cleared, so it would fire for every request long
    // after the body was read. This one is cleared once the body is settled.
    const timeout = new AbortController();
    const deadline = timeout.signal;
    const timer = setTimeout(
      () => timeout.abort(new DOMException("The operation timed out.", "TimeoutError")),
      timeoutMs,
    );
    timer.unref();
    const settled = () => clearTimeout(timer);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const mapError = (error: unknown): Error => {
      if (deadline.aborted)
        return new FetchFailedError("timeout", `${host} did not answer in full within ${timeoutMs} ms`);
      if (signal.aborted)
        return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const code = (error as { code?: unknown }).code;
      const detail =
        cause?.code ?? cause?.message ?? (typeof code === "string" ? code : (error as Error).message);
      return new FetchFailedError("network", `could not reach ${host} (${detail})`, { cause: error });
    };
    try {
      const target = checked.ip
        ? { address: checked.ip, family: isIP(checked.ip) }
        : await resolveOnce(host, lookup, allowPrivate, signal, mapError);
      const agent = await agents.for(target);
      return { url, host, agent, signal, maxBytes, mapError, settled, userAgent };
    } catch (error) {
      settled();
      throw error;
    }
  };
  const safeFetch = async (input: string, init: SafeFetchInit = {}) => {
    const { timeoutMs, maxBytes, ...rest } = init;
    const guarded = await guard(input, { timeoutMs, maxBytes, signal: rest.signal });
    const { url, agent, signal, mapError, settled } = guarded;
    const headers = new Headers(rest.headers);
    if (!headers.has("user-agent")) headers.set("user-agent", userAgent);
    let response: Response;
    try {
      response = await fetch(url.href, {
        ...rest,
        headers,
        signal,
        redirect: "manual",
        dispatcher: agent as unknown as RequestInit["dispatcher"],
      });
    } catch (error) {
      settled();
      throw mapError(error);
    }
    return boundedResponse(response, guarded.host, {
      maxBytes: guarded.maxBytes,
      mapError,
      onSettled: settled,
    });
  };
  return Object.assign(safeFetch, { get: safeGet(guard) });
}

async function resolveOnce(
  host: string,
  lookup: LookupAll,
  allowPrivate: boolean,
  signal: AbortSignal,
  mapError: (error: unknown) => Error,
): Promise<LookupAddress> {
  let addresses: LookupAddress[];
  try {
    addresses = await untilAborted(lookup(host), signal);
  } catch (error) {
    if (signal.aborted) throw mapError(error);
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new FetchFailedError("dns", `could not resolve ${host} (${code})`, { cause: error });
  }
  if (addresses.length === 0) throw new FetchFailedError("dns", `${host} has no address`);
  // One bad address is enough to refuse: the resolver's order is not ours to trust.
  for (const { address } of addresses) {
    const reason = refuseAddress(address, allowPrivate, `${host} resolves to ${address}, which`);
    if (reason) throw new UnsafeUrlError(reason);
  }
  return addresses[0]!;
}

/**
 * Agents whose every connection goes to one checked address, whatever host name they are asked for,
 * kept by address so that the checks of one provider (every AWS, GCP or Azure entry reads the same
 * host) reuse a kept-alive connection instead of paying a new TCP and TLS handshake each time.
 * Connections are still per origin inside an agent (Host and TLS SNI come from the URL), and an
 * address is only ever reached through the agent pinned to it. undici is loaded with the first
 * outbound request: a server that makes none does not hold its megabyte of code.
 */
class PinnedAgents {
  /** Enough for every provider of a large install; the least recently used one goes first. */
  static readonly limit = 64;
  readonly #agents = new Map<string, Agent>();

  constructor(readonly connections: number) {}

  async for(target: LookupAddress): Promise<Agent> {
    const key = `${target.family}/${target.address}`;
    const kept = this.#agents.get(key);
    if (kept) {
      this.#agents.delete(key);
      this.#agents.set(key, kept);
      return kept;
    }
    const { Agent } = await import("undici");
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [target]);
      else callback(null, target.address, target.family);
    };
    const agent = new Agent({
      connect: { lookup },
      keepAliveTimeout: 4_000,
      connections: this.connections,
    });
    this.#agents.set(key, agent);
    if (this.#agents.size > PinnedAgents.limit) {
      const [oldestKey, oldest] = this.#agents.entries().next().value!;
      this.#agents.delete(oldestKey);
      void oldest.close().catch(() => {});
    }
    return agent;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
