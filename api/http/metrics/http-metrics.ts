import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, Histogram, type Registry } from "prom-client";

const methods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Requests and their latency by the route pattern that answered (`/api/admin/incidents/:id`), never
 * the raw path: a scanner trying a million paths must not create a million series.
 */
export function httpMetrics(registry: Registry): MiddlewareHandler {
  const requests = new Counter({
    name: "vigie_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code.",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "vigie_http_request_duration_seconds",
    help: "Time to answer an HTTP request (until the response starts), by method and route pattern.",
    labelNames: ["method", "route"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const method = methods.has(c.req.method) ? c.req.method : "OTHER";
      // The last route that ran is the one that answered; `*` means only catch-all middleware ran.
      const path = routePath(c);
      const route = path === "" || path === "*" || path === "/*" ? "unmatched" : path;
      const labels = { method, route };
      duration.observe(labels, (performance.now() - started) / 1000);
      requests.inc({ ...labels, status: String(c.res.status) });
    }
  };
}
