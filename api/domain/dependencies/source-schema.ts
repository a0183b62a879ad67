import { z } from "zod";

/**
 * Where a dependency's status comes from: a union on `kind`, one adapter per kind in `api/monitor/sources/`.
 * Every kind takes an optional `base_url` so a self-hoster (and the tests) can point it elsewhere.
 */

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2048)
  .meta({ example: "https://www.githubstatus.com" });

// The blank check runs before the trim so that it is the one documented (`pattern: \S`): `minLength: 1`
// alone would promise that "  " is accepted.
const names = (description: string) =>
  z
    .array(z.string().regex(/\S/, "must not be empty or blank").trim().max(255))
    .max(200)
    .optional()
    .meta({ description });

export const statuspageSourceSchema = z
  .object({
    kind: z.literal("statuspage"),
    base_url: httpUrl.meta({ description: "The page's origin; `/api/v2/summary.json` is read from there." }),
    components: names("Upstream component ids or names to watch; all when omitted."),
    groups: names("Upstream group ids or names: every component of those groups is watched."),
  })
  .meta({ id: "StatuspageSource" });

export const awsSourceSchema = z
  .object({
    kind: z.literal("aws"),
    service: z
      .string()
      .regex(/^[a-z0-9-]+$/, "an AWS service key such as ec2 or dynamodb")
      .max(64),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-3")
      .max(32),
    use_current_events: z.boolean().default(true).meta({
      description:
        "Also read the dashboard's current-events JSON, which says which events are still open when the feeds fall silent.",
    }),
    silence_hours: z.number().int().min(1).max(720).default(24).meta({
      description:
        "Without current events: an event AWS has not resolved and not talked about for this long makes the dependency unknown (never operational).",
    }),
    base_url: httpUrl.optional().meta({ description: "Default https://status.aws.amazon.com" }),
    current_events_url: httpUrl
      .optional()
      .meta({ description: "Default https://health.aws.amazon.com/public/currentevents" }),
  })
  .meta({ id: "AwsSource" });

export const gcpSourceSchema = z
  .object({
    kind: z.literal("gcp"),
    products: names("Product ids (affected_products[].id); all when omitted."),
    locations: names("Location ids such as europe-west1 or global; all when omitted."),
    base_url: httpUrl.optional().meta({ description: "Default https://status.cloud.google.com" }),
  })
  .meta({ id: "GcpSource" });

export const azureSourceSchema = z
  .object({
    kind: z.literal("azure"),
    regions: names("Region names such as West Europe; any event counts when omitted."),
    feed_url: httpUrl
      .optional()
      .meta({ description: "Default https://rssfeed.azure.status.microsoft/en-us/status/feed/" }),
  })
  .meta({ id: "AzureSource" });

export const slackSourceSchema = z
  .object({
    kind: z.literal("slack"),
    services: names("Slack services such as Messaging; all when omitted."),
    base_url: httpUrl.optional().meta({ description: "Default https://slack-status.com" }),
  })
  .meta({ id: "SlackSource" });

export const feedSourceSchema = z
  .object({
    kind: z.literal("feed"),
    url: httpUrl.meta({ description: "An RSS or Atom status feed." }),
    active_hours: z.number().int().min(1).max(168).default(24).meta({
      description:
        "An entry updated within this many hours counts as an open incident, unless its title says resolved.",
    }),
  })
  .meta({ id: "FeedSource" });

export const httpSourceSchema = z
  .object({
    kind: z.literal("http"),
    url: httpUrl,
    expected_status: z.number().int().min(100).max(599).default(200),
    max_latency_ms: z.number().int().min(1).max(60_000).default(5_000),
    keyword: z.string().min(1).max(255).optional().meta({ description: "The body must contain this text." }),
  })
  .meta({ id: "HttpSource" });

export const sourceSchema = z
  .discriminatedUnion("kind", [
    statuspageSourceSchema,
    awsSourceSchema,
    gcpSourceSchema,
    azureSourceSchema,
    slackSourceSchema,
    feedSourceSchema,
    httpSourceSchema,
  ])
  .meta({ id: "DependencySource" });

export type SourceConfig = z.infer<typeof sourceSchema>;
export type SourceConfigOf<K extends SourceConfig["kind"]> = Extract<SourceConfig, { kind: K }>;
