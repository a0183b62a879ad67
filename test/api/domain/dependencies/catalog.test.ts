import { describe, expect, it } from "vitest";
import { catalog, findCatalogEntry, searchCatalog } from "../../../../api/domain/dependencies/catalog.ts";
import { sourceSchema } from "../../../../api/domain/dependencies/source-schema.ts";

describe("the dependency catalog", () => {
  it("has sources that all validate, with unique ids", () => {
    expect(catalog.length).toBeGreaterThan(300);
    for (const entry of catalog) {
      const parsed = sourceSchema.safeParse(entry.source);
      expect(parsed.success, `${entry.id}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data, entry.id).toEqual(entry.source);
    }
    expect(new Set(catalog.map((e) => e.id)).size).toBe(catalog.length);
  });

  it("names the common providers with ready sources", () => {
    expect(findCatalogEntry("aws/ec2/eu-west-3")).toMatchObject({
      name: "AWS / EC2 / eu-west-3",
      provider: "AWS",
      source: { kind: "aws", service: "ec2", region: "eu-west-3" },
    });
    expect(findCatalogEntry("stripe")?.source).toEqual({
      kind: "statuspage",
      base_url: "https://www.stripestatus.com",
    });
    expect(findCatalogEntry("github")?.source).toMatchObject({ base_url: "https://www.githubstatus.com" });
    for (const id of [
      "cloudflare",
      "twilio",
      "datadog",
      "digitalocean",
      "atlassian",
      "openai",
      "scaleway",
      "resend",
      "slack",
    ])
      expect(findCatalogEntry(id), id).toBeDefined();
    expect(catalog.filter((e) => e.provider === "OVHcloud").length).toBeGreaterThan(0);
    expect(catalog.filter((e) => e.provider === "Azure").length).toBeGreaterThan(5);
    expect(catalog.filter((e) => e.provider === "Google Cloud").length).toBeGreaterThan(20);
    for (const service of [
      "ec2",
      "s3",
      "lambda",
      "rds",
      "dynamodb",
      "sqs",
      "sns",
      "elb",
      "eks",
      "ecs",
      "bedrock",
    ])
      for (const region of ["us-east-1", "eu-west-3"])
        expect(findCatalogEntry(`aws/${service}/${region}`), `${service} ${region}`).toBeDefined();
    expect(findCatalogEntry("aws/cloudfront/global")?.source.kind).toBe("feed");
  });

  it("finds entries by every word, in ids, names and region cities, ignoring case and accents", () => {
    const ids = (q: string) => searchCatalog({ q, limit: 500, offset: 0 }).entries.map((e) => e.id);
    expect(ids("EC2 paris")).toEqual(["aws/ec2/eu-west-3"]);
    expect(ids("stripe")).toEqual(["stripe"]);
    expect(ids("aws/s3/us-east-1")).toEqual(["aws/s3/us-east-1"]);
    expect(ids("france central")).toEqual(["azure/france-central"]);
    expect(ids("são paulo ec2")).toEqual(["aws/ec2/sa-east-1"]);
    expect(ids("nothing-like-this")).toEqual([]);
    expect(ids("")).toHaveLength(catalog.length);
  });

  it("pages through the matches", () => {
    const all = searchCatalog({ q: "aws ec2", limit: 500, offset: 0 });
    const first = searchCatalog({ q: "aws ec2", limit: 5, offset: 0 });
    const second = searchCatalog({ q: "aws ec2", limit: 5, offset: 5 });
    expect(first.total).toBe(all.total);
    expect([...first.entries, ...second.entries]).toEqual(all.entries.slice(0, 10));
  });
});
