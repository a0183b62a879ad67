import type { CreateDependencyInput } from "../../api/domain/dependencies/schemas.ts";
import type { SourceConfig } from "../../api/domain/dependencies/source-schema.ts";

/**
 * The dependencies of the monitor benchmark, shared by the benchmark (which registers them) and the
 * upstream fixtures (which serve their documents): dependency `i` reads everything under `/d/<i>/`.
 */

export const dependencyCount = 200;
export const componentCount = 20;
/** The interval installs run with by default; `--interval` runs the benchmark at another. */
export const defaultIntervalSeconds = 60;

type Kind = SourceConfig["kind"];

/** Mostly Statuspage pages, as in real life; one of every other kind per twenty. */
const pattern: Kind[] = [
  ...Array.from({ length: 14 }, () => "statuspage" as const),
  "aws",
  "gcp",
  "azure",
  "slack",
  "feed",
  "http",
];

/**
 * The dependencies whose upstream goes down during the run: four Statuspage pages and one of every
 * other kind, each hitting its own component so that each opens its own draft.
 */
export const flippedIndexes = [0, 1, 2, 3, 14, 15, 16, 17, 18, 19];

const awsServices = ["ec2", "s3", "lambda", "rds", "dynamodb"];
const awsRegions = ["eu-west-3", "us-east-1"];

/**
 * Which upstream host a dependency reads, as in real life: every Statuspage page, feed and health
 * check is a host of its own, while all AWS (GCP, Azure, Slack) entries read their provider's one
 * host. Connections are only ever shared where real ones could be.
 */
export function hostKey(planned: { index: number; kind: Kind }): string {
  return ["aws", "gcp", "azure", "slack"].includes(planned.kind) ? planned.kind : `own-${planned.index}`;
}

export interface PlannedDependency {
  index: number;
  kind: Kind;
  /** Where its fixture documents live on the upstream server. */
  prefix: string;
  /** The one document every check reads: counting its requests counts the checks. */
  primaryPath: string;
  /** Which of the benchmark's components it hits. */
  component: number;
  /** AWS only: its service-region key, e.g. `ec2-eu-west-3`. */
  awsKey?: string;
}

export function plannedDependency(index: number): PlannedDependency {
  const kind = pattern[index % pattern.length]!;
  const prefix = `/d/${index}`;
  // Shifted every round of twenty so that each component hears from several kinds.
  const component = (index + Math.floor(index / pattern.length)) % componentCount;
  const round = Math.floor(index / pattern.length);
  const awsKey = `${awsServices[round % awsServices.length]}-${awsRegions[round % awsRegions.length]}`;
  const primary: Record<Kind, string> = {
    statuspage: "/api/v2/summary.json",
    aws: `/rss/${awsKey}.rss`,
    gcp: "/incidents.json",
    azure: "/en-us/status/feed/",
    slack: "/api/v2.0.0/current",
    feed: "/history.rss",
    http: "/healthz",
  };
  return {
    index,
    kind,
    prefix,
    primaryPath: `${prefix}${primary[kind]}`,
    component,
    ...(kind === "aws" ? { awsKey } : {}),
  };
}

export const plannedDependencies = (): PlannedDependency[] =>
  Array.from({ length: dependencyCount }, (_, i) => plannedDependency(i));

/** What `POST /api/admin/dependencies` would get for it, its fixture server being at `baseUrl`. */
export function dependencyInput(
  planned: PlannedDependency,
  baseUrl: string,
  componentIds: string[],
  intervalSeconds: number,
): CreateDependencyInput {
  const base = `${baseUrl}${planned.prefix}`;
  const i = planned.index;
  const sources: Record<Kind, () => SourceConfig> = {
    // A third watch everything, a third one component by name, a third one group.
    statuspage: () => ({
      kind: "statuspage",
      base_url: base,
      ...(i % 3 === 1 ? { components: ["REST API"] } : i % 3 === 2 ? { groups: ["API"] } : {}),
    }),
    aws: () => {
      const [service, ...region] = planned.awsKey!.split("-");
      return {
        kind: "aws",
        service: service!,
        region: region.join("-"),
        use_current_events: false,
        silence_hours: 24,
        base_url: base,
      };
    },
    gcp: () => ({
      kind: "gcp",
      products: ["Google Compute Engine"],
      locations: ["europe-west1"],
      base_url: base,
    }),
    azure: () => ({ kind: "azure", regions: ["West Europe"], feed_url: `${base}/en-us/status/feed/` }),
    slack: () => ({ kind: "slack", services: ["Messaging"], base_url: base }),
    feed: () => ({ kind: "feed", url: `${base}/history.rss`, active_hours: 24 }),
    http: () => ({
      kind: "http",
      url: `${base}/healthz`,
      expected_status: 200,
      max_latency_ms: 5_000,
      keyword: "ok",
    }),
  };
  // Azure and plain feeds never say worse than degraded performance: their impact starts there.
  const mild = planned.kind === "azure" || planned.kind === "feed";
  return {
    name: `Provider ${i} (${planned.kind})`,
    source: sources[planned.kind](),
    poll_interval_seconds: intervalSeconds,
    policy: "draft",
    impacts: [
      {
        component_id: componentIds[planned.component]!,
        on: mild ? "degraded_performance" : "partial_outage",
        set: "partial_outage",
      },
    ],
  };
}
