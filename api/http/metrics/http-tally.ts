import {
  Counter,
  Histogram,
  type MetricObjectWithValues,
  type MetricType,
  type MetricValueWithName,
  type Registry,
} from "prom-client";

/** Upper bounds of the latency buckets, in seconds. */
const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const bucketLabels = [...buckets.map(String), "+Inf"];
const durationName = "vigie_http_request_duration_seconds";
const durationHelp =
  "Time to answer an HTTP request (until the response starts), by method and route pattern.";

/** One method and route: plain numbers a request adds to, read only when Prometheus scrapes. */
export class RouteSeries {
  /** Requests per status code. */
  readonly statuses = new Map<number, number>();
  /** Requests per latency bucket (not cumulative); the last one is +Inf. */
  readonly buckets = new Float64Array(buckets.length + 1);
  sum = 0;
  count = 0;

  readonly method: string;
  readonly route: string;

  constructor(method: string, route: string) {
    this.method = method;
    this.route = route;
  }

  record(status: number, seconds: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    let i = 0;
    while (i < buckets.length && seconds > buckets[i]!) i++;
    this.buckets[i]! += 1;
    this.sum += seconds;
    this.count += 1;
  }
}

type Values = MetricObjectWithValues<MetricValueWithName<string>>;

/** A histogram whose series live in the tally: prom-client only formats them at scrape time. */
class TalliedHistogram extends Histogram<string> {
  readonly #series: () => Iterable<RouteSeries>;

  constructor(registry: Registry, series: () => Iterable<RouteSeries>) {
    super({
      name: durationName,
      help: durationHelp,
      labelNames: ["method", "route"],
      buckets,
      registers: [registry],
    });
    this.#series = series;
  }

  override async get(): Promise<Values> {
    const values: MetricValueWithName<string>[] = [];
    const name = durationName;
    for (const s of this.#series()) {
      const labels = { method: s.method, route: s.route };
      let cumulative = 0;
      s.buckets.forEach((n, i) => {
        cumulative += n;
        values.push({
          metricName: `${name}_bucket`,
          labels: { ...labels, le: bucketLabels[i]! },
          value: cumulative,
        });
      });
      values.push({ metricName: `${name}_sum`, labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels, value: s.count });
    }
    // prom-client's types declare `type` as a numeric enum; at run time (and in the text format) it is the word.
    const type = "histogram" as unknown as MetricType;
    return { name, help: durationHelp, type, values, aggregator: "sum", collect: () => {} };
  }

  /** What the registry reads when it writes the text format (prom-client's own would be empty). */
  getForPromString(): Promise<Values> {
    return this.get();
  }
}

/**
 * HTTP requests counted in plain maps and typed arrays on the request path, and handed to prom-client
 * only when `/metrics` is scraped: labelling and observing through prom-client on every request
 * cost more than answering a cached public document.
 */
export class HttpTally {
  readonly #byMethod = new Map<string, Map<string, RouteSeries>>();

  constructor(registry: Registry) {
    const all = () => this.#all();
    new Counter({
      name: "vigie_http_requests_total",
      help: "HTTP requests answered, by method, route pattern and status code.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of all())
          for (const [status, n] of s.statuses)
            this.inc({ method: s.method, route: s.route, status: String(status) }, n);
      },
    });
    new TalliedHistogram(registry, all);
  }

  /** The series of a method and route, created at first use (routes are patterns: a bounded set). */
  series(method: string, route: string): RouteSeries {
    let routes = this.#byMethod.get(method);
    if (!routes) {
      routes = new Map();
      this.#byMethod.set(method, routes);
    }
    let found = routes.get(route);
    if (!found) {
      found = new RouteSeries(method, route);
      routes.set(route, found);
    }
    return found;
  }

  *#all(): Iterable<RouteSeries> {
    for (const routes of this.#byMethod.values()) yield* routes.values();
  }
}
