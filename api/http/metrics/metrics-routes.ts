import { timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Deps } from "../../domain/context.ts";
import {
  type DeliveryCount,
  readDeliveryCounts,
  readOperationalFigures,
} from "../../domain/metrics/read-figures.ts";
import { authenticateToken } from "../../domain/tokens/tokens.ts";
import type { CircuitReading } from "../../notifier/channels/circuit-breaker.ts";
import { errorBody } from "../../web/errors.ts";
import { figureGauges } from "./figure-gauges.ts";
import { httpMetrics } from "./http-metrics.ts";
import { HttpTally } from "./http-tally.ts";

export interface MetricsOptions {
  deps: Deps;
  /** A bearer token for scrapers, besides any API token. */
  token?: string | undefined;
  /** The notifier's circuit breakers in this process. */
  circuits?: (() => CircuitReading[]) | undefined;
  /** Node's own figures (memory, CPU, event loop): on in the server, off in tests that build many apps. */
  processMetrics?: boolean;
  /** A scrape reads the database at most this often; scrapers in between get the last figures. */
  minIntervalMs?: number;
  /** The delivery counts read the whole deliveries table: at most this often. */
  deliveryCountsIntervalMs?: number;
}

export interface Metrics {
  /** Counts every request by route; mount first. */
  middleware: MiddlewareHandler;
  /** The request counts, for a path that answers without the router (it records its own). */
  tally: HttpTally;
  /** `GET /metrics`. */
  routes: Hono;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics on `GET /metrics`, for a scraper holding `METRICS_TOKEN` or any API token.
 * Database figures are read at scrape time rather than counted as things happen, so they hold for
 * every process sharing the database and survive restarts.
 */
export function createMetrics({
  deps,
  token,
  circuits = () => [],
  processMetrics = false,
  minIntervalMs = 5_000,
  deliveryCountsIntervalMs = 60_000,
}: MetricsOptions): Metrics {
  const registry = new Registry();
  if (processMetrics) {
    // The event-loop lag is sampled every 100 ms: prom-client's default, 10 ms, wakes an idle
    // server a hundred times a second (about 4 ms of CPU per second) for figures scraped every 15 s.
    collectDefaultMetrics({ register: registry, prefix: "vigie_", eventLoopMonitoringPrecision: 100 });
    // Gauges named like counters, which promtool rejects; the per-type series beside them hold the same.
    for (const kind of ["handles", "requests", "resources"])
      registry.removeSingleMetric(`vigie_nodejs_active_${kind}_total`);
  }
  const tally = new HttpTally(registry);
  const middleware = httpMetrics(tally);
  const setFigures = figureGauges(registry);
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | null = null;
  let countsAt = Number.NEGATIVE_INFINITY;
  let counts: DeliveryCount[] = [];
  const readCounts = async () => {
    const now = performance.now();
    if (now - countsAt >= deliveryCountsIntervalMs) {
      counts = await readDeliveryCounts(deps);
      countsAt = now;
    }
    return counts;
  };
  const refresh = () => {
    const now = performance.now();
    if (reading && now - readAt < minIntervalMs) return reading;
    readAt = now;
    reading = Promise.all([readOperationalFigures(deps), readCounts()]).then(([figures, deliveries]) =>
      setFigures(figures, deliveries, circuits()),
    );
    reading.catch(() => {
      reading = null;
    });
    return reading;
  };

  const routes = new Hono().get("/metrics", async (c) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
    const allowed =
      match !== null &&
      ((token !== undefined && sameSecret(match[1]!, token)) ||
        (await authenticateToken({ ctx: { deps }, input: { token: match[1]! } })) !== null);
    if (!allowed) {
      const message = match
        ? "This token is neither METRICS_TOKEN nor a valid API token."
        : "Send Authorization: Bearer <token>, with METRICS_TOKEN or an API token (any role).";
      return c.json(errorBody("unauthorized", message), 401, { "WWW-Authenticate": 'Bearer realm="vigie"' });
    }
    try {
      await refresh();
    } catch (error) {
      deps.logger.warn("metrics: the database did not answer", {
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      });
      return c.json(
        errorBody(
          "unavailable",
          "The database did not answer, so there are no figures to report; see /readyz.",
        ),
        503,
      );
    }
    c.header("Content-Type", registry.contentType);
    c.header("Cache-Control", "no-store");
    return c.body(await registry.metrics());
  });
  return { middleware, routes, tally };
}
