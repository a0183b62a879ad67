import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";

// Keyed by the context: middleware such as bodyLimit replaces the request object on the way.
// Most requests never ask for their address, so it is worked out on the first `clientIp`.
const proxiesFor = new WeakMap<Context, number>();
const addresses = new WeakMap<Context, string>();

/** A request header, read from Node's own request when there is one (no Headers object built). */
function header(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * Who is calling, for rate limits. `X-Forwarded-For` is written by whoever sends the request, so it
 * is only believed as far as the proxies in front of Vigie go: each appends the address it saw, so
 * behind `trustedProxies` of them the client is that many entries from the end, and anything to the
 * left may be made up. With none, the header is ignored and the connection's address is used.
 */
export function clientAddresses(
  trustedProxies: number,
  /** Called once, on the first forwarded request while no proxy is trusted (likely a setup mistake). */
  onIgnoredForward: () => void = () => {},
): MiddlewareHandler {
  let warned = false;
  return async (c, next) => {
    if (trustedProxies === 0 && !warned && header(c, "X-Forwarded-For") !== undefined) {
      warned = true;
      onIgnoredForward();
    }
    proxiesFor.set(c, trustedProxies);
    await next();
  };
}

function resolve(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const chain = (header(c, "X-Forwarded-For") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (chain.length > 0) return chain[Math.max(0, chain.length - trustedProxies)]!;
  }
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  return socket?.remoteAddress ?? "local";
}

/** The calling client's address as `clientAddresses` found it ("local" for in-process requests). */
export function clientIp(c: Context): string {
  let address = addresses.get(c);
  if (address === undefined) {
    const trustedProxies = proxiesFor.get(c);
    if (trustedProxies === undefined) return "local";
    address = resolve(c, trustedProxies);
    addresses.set(c, address);
  }
  return address;
}
