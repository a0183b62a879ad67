import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog, gcpProducts } from "../../../../api/domain/dependencies/catalog.ts";
import { sourceSchema } from "../../../../api/domain/dependencies/source-schema.ts";
import { azureRegionNames } from "../../../../api/monitor/sources/azure-regions.ts";
import { realFiles, realText } from "../../../helpers/real-corpus.ts";

/** AWS regions (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). */
const awsRegions = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
  "sa-east-1",
]);

/** Every product id and location id seen in the real Google Cloud captures of the corpus. */
function gcpSeen() {
  const products = new Map<string, string>();
  const locations = new Set<string>();
  for (const file of realFiles().filter((f) => f.startsWith("gcp-incidents"))) {
    for (const incident of JSON.parse(realText(file)) as {
      affected_products: { id: string; title: string }[];
      previously_affected_locations: { id: string }[];
    }[]) {
      for (const p of incident.affected_products) products.set(p.id, p.title);
      for (const l of incident.previously_affected_locations) locations.add(l.id);
    }
  }
  return { products, locations };
}

describe("every catalog entry's source", () => {
  it("parses, validates and round-trips", () => {
    for (const entry of catalog) {
      const parsed = sourceSchema.safeParse(entry.source);
      expect(parsed.success, `${entry.id}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data, entry.id).toEqual(entry.source);
    }
  });

  it("has the URL shape of its kind", () => {
    for (const { id, source } of catalog) {
      if (source.kind === "statuspage") {
        const url = new URL(source.base_url);
        expect([url.protocol, url.pathname, url.search], id).toEqual(["https:", "/", ""]);
        expect(url.hostname, id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      }
      if (source.kind === "feed") {
        expect(source.url, id).toMatch(/^https:\/\/status\.aws\.amazon\.com\/rss\/[a-z0-9-]+\.rss$/);
      }
      if (source.kind === "http") expect(source.url, id).toMatch(/^https:\/\//);
    }
  });

  it("names AWS regions that exist, read with current events (silence is not recovery)", () => {
    const aws = catalog.filter((e) => e.source.kind === "aws");
    expect(aws.length).toBeGreaterThan(100);
    for (const { id, source } of aws) {
      if (source.kind !== "aws") continue;
      expect(awsRegions.has(source.region), id).toBe(true);
      expect(id, id).toBe(`aws/${source.service}/${source.region}`);
      expect(source.use_current_events, id).toBe(true);
    }
  });

  it("watches Google Cloud products by the ids seen in real captures", () => {
    const seen = gcpSeen();
    const gcp = catalog.filter((e) => e.source.kind === "gcp");
    expect(gcp.length).toBeGreaterThan(100);
    for (const { id, source } of gcp) {
      if (source.kind !== "gcp") continue;
      for (const product of source.products ?? []) {
        const known = Object.values(gcpProducts).find((p) => (p.id ?? p.title) === product)!;
        if (known.id === null) continue; // matched by title until its id turns up in a capture
        expect(seen.products.get(product), `${id}: ${product}`).toBe(known.title);
      }
      for (const location of source.locations ?? []) expect(location, id).toMatch(/^[a-z]+-[a-z]+\d+$/);
    }
    expect(
      Object.values(gcpProducts)
        .filter((p) => p.id === null)
        .map((p) => p.title),
    ).toEqual(["Cloud Load Balancing"]);
    expect(seen.locations.has("europe-west4")).toBe(true);
  });

  it("names Azure regions the region matcher knows", () => {
    const names = new Set(azureRegionNames);
    for (const { id, source } of catalog) {
      if (source.kind !== "azure") continue;
      for (const region of source.regions ?? []) expect(names.has(region), `${id}: ${region}`).toBe(true);
    }
  });

  it("watches Resend through its status page, not an API probe", () => {
    expect(catalog.find((e) => e.id === "resend")?.source).toEqual({
      kind: "statuspage",
      base_url: "https://resend-status.com",
    });
  });
});

describe("the README", () => {
  it("gives the catalog's real size", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    const said = /built-in catalog \((\d+) entries/.exec(readme)?.[1];
    expect(Number(said)).toBe(catalog.length);
  });
});
