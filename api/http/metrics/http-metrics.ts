import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { HttpTally } from "./http-tally.ts";

/** Routes that answered in an app loaded on first use (see lazy-app.ts), by the main app's context. */
const answeredInside = new WeakMap<Context, string>();

/** Says which route pattern answered `c`'s request in an app the main app handed it to. */
export function reportRoute(c: Context, pattern: string): void {
  answeredInside.set(c, pattern);
}

const methods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Requests and their latency by the route pattern that answered (`/api/admin/incidents/:id`), never
 * the raw path: a scanner trying a million paths must not create a million series.
 */
export function httpMetrics(tally: HttpTally): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const method = methods.has(c.req.method) ? c.req.method : "OTHER";
      // The last route that ran is the one that answered; `*` means only catch-all middleware ran.
      const path = answeredInside.get(c) ?? routePath(c);
      const route = path === "" || path === "*" || path === "/*" ? "unmatched" : path;
      tally.series(method, route).record(c.res.status, (performance.now() - started) / 1000);
    }
  };
}
