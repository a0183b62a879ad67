import type { SourceConfig } from "./source-schema.ts";

/** A provider an admin can pick by name, with a source that works without knowing any URL. */
export interface CatalogEntry {
  /** Stable and readable, e.g. `aws/ec2/eu-west-3`. */
  id: string;
  name: string;
  provider: string;
  source: SourceConfig;
  /** Extra words a search matches (region cities, product aliases). */
  keywords: string[];
}

const statuspage = (id: string, name: string, host: string, keywords: string[] = []): CatalogEntry => ({
  id,
  name,
  provider: name.split(" / ")[0]!,
  source: { kind: "statuspage", base_url: `https://${host}` },
  keywords,
});

/** Statuspage (or Statuspage-compatible, e.g. incident.io) pages: see the reference table of providers. */
const pages: CatalogEntry[] = [
  statuspage("github", "GitHub", "www.githubstatus.com", ["git", "actions"]),
  statuspage("stripe", "Stripe", "www.stripestatus.com", ["payments"]),
  statuspage("cloudflare", "Cloudflare", "www.cloudflarestatus.com", ["cdn", "dns"]),
  statuspage("twilio", "Twilio", "status.twilio.com", ["sms", "voice"]),
  statuspage("datadog", "Datadog", "status.datadoghq.com", ["monitoring"]),
  statuspage("digitalocean", "DigitalOcean", "status.digitalocean.com", ["droplets"]),
  statuspage("atlassian", "Atlassian", "status.atlassian.com"),
  statuspage("atlassian/confluence", "Atlassian / Confluence", "confluence.status.atlassian.com"),
  statuspage("atlassian/jira", "Atlassian / Jira", "jira-software.status.atlassian.com"),
  statuspage("atlassian/bitbucket", "Atlassian / Bitbucket", "bitbucket.status.atlassian.com", ["git"]),
  statuspage("openai", "OpenAI", "status.openai.com", ["chatgpt", "gpt", "llm"]),
  statuspage("scaleway", "Scaleway", "status.scaleway.com", ["paris", "france"]),
  statuspage("ovhcloud/public-cloud", "OVHcloud / Public Cloud", "public-cloud.status-ovhcloud.com", ["ovh"]),
  statuspage("ovhcloud/bare-metal", "OVHcloud / Bare Metal", "bare-metal-servers.status-ovhcloud.com", [
    "ovh",
  ]),
  statuspage("ovhcloud/web-cloud", "OVHcloud / Web Cloud", "web-cloud.status-ovhcloud.com", [
    "ovh",
    "hosting",
  ]),
  // Resend's documentation links to resend-status.com, an incident.io page with the v2 API.
  statuspage("resend", "Resend", "resend-status.com", ["email"]),
  {
    id: "slack",
    name: "Slack",
    provider: "Slack",
    source: { kind: "slack" },
    keywords: ["chat"],
  },
];

/** Region → city, so "paris" finds eu-west-3. */
export const awsRegions: Record<string, string> = {
  "us-east-1": "N. Virginia",
  "us-east-2": "Ohio",
  "us-west-1": "N. California",
  "us-west-2": "Oregon",
  "ca-central-1": "Canada Montreal",
  "sa-east-1": "Sao Paulo",
  "eu-west-1": "Ireland",
  "eu-west-2": "London",
  "eu-west-3": "Paris",
  "eu-central-1": "Frankfurt",
  "eu-north-1": "Stockholm",
  "eu-south-1": "Milan",
  "ap-south-1": "Mumbai",
  "ap-northeast-1": "Tokyo",
  "ap-southeast-1": "Singapore",
  "ap-southeast-2": "Sydney",
};

const awsServices: Record<string, string> = {
  ec2: "EC2",
  s3: "S3",
  lambda: "Lambda",
  rds: "RDS",
  dynamodb: "DynamoDB",
  sqs: "SQS",
  sns: "SNS",
  elb: "Elastic Load Balancing",
  eks: "EKS",
  ecs: "ECS",
  bedrock: "Bedrock",
};

/** Global AWS services have one feed without a region, read as a plain feed. */
const awsGlobal: Record<string, string> = { cloudfront: "CloudFront", route53: "Route 53" };

const aws: CatalogEntry[] = [
  ...Object.entries(awsServices).flatMap(([service, label]) =>
    Object.entries(awsRegions).map(([region, city]) => ({
      id: `aws/${service}/${region}`,
      name: `AWS / ${label} / ${region}`,
      provider: "AWS",
      source: { kind: "aws" as const, service, region, use_current_events: true, silence_hours: 24 },
      keywords: [city, "amazon"],
    })),
  ),
  ...Object.entries(awsGlobal).map(([service, label]) => ({
    id: `aws/${service}/global`,
    name: `AWS / ${label} / global`,
    provider: "AWS",
    source: {
      kind: "feed" as const,
      url: `https://status.aws.amazon.com/rss/${service}.rss`,
      active_hours: 24,
    },
    keywords: ["amazon", "global"],
  })),
];

export const gcpLocations: Record<string, string> = {
  "us-central1": "Iowa",
  "us-east1": "South Carolina",
  "us-east4": "N. Virginia",
  "us-west1": "Oregon",
  "europe-west1": "Belgium",
  "europe-west2": "London",
  "europe-west3": "Frankfurt",
  "europe-west4": "Netherlands",
  "europe-west9": "Paris",
  "asia-northeast1": "Tokyo",
  "asia-southeast1": "Singapore",
  "australia-southeast1": "Sydney",
};

/**
 * Products by their `affected_products[].id`, which stays put when Google renames a product (the
 * titles drift: "Vertex AI Gemini API" became "Vertex Gemini API", shown as "Gemini on Agent
 * Platform"). Ids as seen in real incidents.json captures (see test/fixtures/real). Cloud Load
 * Balancing has appeared in no capture we have, so it is matched by its title until its id is known.
 */
export const gcpProducts: Record<string, { id: string | null; title: string }> = {
  "compute-engine": { id: "L3ggmi3Jy4xJmgodFA9K", title: "Google Compute Engine" },
  "cloud-storage": { id: "UwaYoXQ5bHYHG6EdiPB8", title: "Google Cloud Storage" },
  gke: { id: "LCSbT57h59oR4W98NHuz", title: "Google Kubernetes Engine" },
  "cloud-run": { id: "9D7d2iNBQWN24zc1VamE", title: "Cloud Run" },
  "cloud-sql": { id: "hV87iK5DcEXKgWU2kDri", title: "Google Cloud SQL" },
  bigquery: { id: "9CcrhHUcFevXPSVaSxkf", title: "Google BigQuery" },
  "pub-sub": { id: "dFjdLh2v6zuES6t9ADCB", title: "Google Cloud Pub/Sub" },
  "cloud-load-balancing": { id: null, title: "Cloud Load Balancing" },
  "vertex-ai": { id: "Z0FZJAMvEB4j3NbCJs6B", title: "Vertex Gemini API" },
};

const gcp: CatalogEntry[] = Object.entries(gcpProducts).flatMap(([key, product]) =>
  Object.entries(gcpLocations).map(([location, city]) => ({
    id: `gcp/${key}/${location}`,
    name: `Google Cloud / ${product.title} / ${location}`,
    provider: "Google Cloud",
    source: { kind: "gcp" as const, products: [product.id ?? product.title], locations: [location] },
    keywords: [city, "gcp", ...(key === "vertex-ai" ? ["gemini", "vertex ai"] : [])],
  })),
);

export const azureRegions = [
  "East US",
  "East US 2",
  "West US 2",
  "Central US",
  "Canada Central",
  "Brazil South",
  "North Europe",
  "West Europe",
  "France Central",
  "Germany West Central",
  "UK South",
  "Sweden Central",
  "Switzerland North",
  "Japan East",
  "Southeast Asia",
  "Australia East",
];

const azure: CatalogEntry[] = azureRegions.map((region) => ({
  id: `azure/${region.toLowerCase().replaceAll(" ", "-")}`,
  name: `Azure / ${region}`,
  provider: "Azure",
  source: { kind: "azure", regions: [region] },
  keywords: ["microsoft"],
}));

/** Every built-in entry, in a stable order. */
export const catalog: readonly CatalogEntry[] = [...pages, ...aws, ...gcp, ...azure];

const byId = new Map(catalog.map((entry) => [entry.id, entry]));

export function findCatalogEntry(id: string): CatalogEntry | undefined {
  return byId.get(id);
}

const normalise = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

const haystacks = new Map(
  catalog.map((e) => [e.id, normalise([e.id, e.name, e.provider, ...e.keywords].join(" "))]),
);

export interface CatalogSearch {
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Entries matching every word of `q` (in id, name, provider or keywords), a page at a time. */
export function searchCatalog({ q, limit, offset }: CatalogSearch): {
  entries: CatalogEntry[];
  total: number;
} {
  const words = normalise(q ?? "")
    .split(/[\s/]+/)
    .filter(Boolean);
  const matches = catalog.filter((e) => words.every((w) => haystacks.get(e.id)!.includes(w)));
  return { entries: matches.slice(offset, offset + limit), total: matches.length };
}
