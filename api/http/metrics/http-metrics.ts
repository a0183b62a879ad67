import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { HttpTally } from "./http-tally.ts";

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
      const path = routePath(c);
      const route = path === "" || path === "*" || path === "/*" ? "unmatched" : path;
      tally.series(method, route).record(c.res.status, (performance.now() - started) / 1000);
    }
  };
}
