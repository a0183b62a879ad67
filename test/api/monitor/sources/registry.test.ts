import { describe, expect, it } from "vitest";
import { type SourceConfig, sourceSchema } from "../../../../api/domain/dependencies/source-schema.ts";
import { createSourceRegistry, pollSource } from "../../../../api/monitor/sources/registry.ts";
import { sourceKinds } from "../../../../db/schema/index.ts";
import { fixture, pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest();

/** One source of each feed-reading kind, all pointed at the fake upstream (parsed as the API would). */
function feedSources(base: string): SourceConfig[] {
  return [
    { kind: "statuspage", base_url: base },
    { kind: "aws", service: "ec2", region: "eu-west-3", base_url: base },
    {
      kind: "aws",
      service: "ec2",
      region: "eu-west-3",
      use_current_events: true,
      base_url: base,
      current_events_url: `${base}/public/currentevents`,
    },
    { kind: "gcp", base_url: base },
    { kind: "azure", feed_url: `${base}/en-us/status/feed/` },
    { kind: "slack", base_url: base },
    { kind: "feed", url: `${base}/history.atom` },
  ].map((source) => sourceSchema.parse(source));
}

describe("source registry", () => {
  it("wires an adapter for every source kind", () => {
    expect(Object.keys(createSourceRegistry()).sort()).toEqual([...sourceKinds].sort());
  });

  it("dispatches on the kind", async () => {
    upstream.set("/api/v2.0.0/current", { body: fixture("slack-outage.json") });
    const result = await pollSource(
      createSourceRegistry(),
      sourceSchema.parse({ kind: "slack", base_url: upstream.url }),
      pollContext(),
    );
    expect(result).toMatchObject({ kind: "observed", observation: { state: "major_outage" } });
  });

  it.each([
    ["garbage", { body: "\u00ff\u00fe<<not a document>>" }, false],
    [
      "an HTML error page",
      {
        body: "<!doctype html><html><body><h1>502 Bad Gateway</h1><hr></body></html>",
        contentType: "text/html",
      },
      false,
    ],
    ["an empty body", { body: "" }, false],
    ["a 500", { status: 500, body: "Internal Server Error" }, true],
    ["a 403", { status: 403, body: "Forbidden" }, false],
  ])("every feed kind fails on %s, never reporting operational", async (_, reply, retryable) => {
    upstream.set("*", reply);
    for (const source of feedSources(upstream.url)) {
      const result = await pollSource(createSourceRegistry(), source, pollContext());
      expect(result, source.kind).toMatchObject({ kind: "failed", retryable });
      expect(result.kind === "failed" && result.error.length, source.kind).toBeGreaterThan(10);
    }
  });

  it("every feed kind fails on a timeout, retryably", async () => {
    upstream.set("*", { body: "{}", delayMs: 1_000 });
    const results = await Promise.all(
      feedSources(upstream.url).map((source) =>
        pollSource(createSourceRegistry(), source, pollContext({ timeoutMs: 150 })),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ kind: "failed", retryable: true });
  });

  it("turns an adapter that throws into a failure", async () => {
    const registry = createSourceRegistry();
    registry.gcp = {
      poll: () => {
        throw new Error("unexpected shape");
      },
    };
    expect(
      await pollSource(registry, sourceSchema.parse({ kind: "gcp", base_url: upstream.url }), pollContext()),
    ).toMatchObject({
      kind: "failed",
      error: "could not read the gcp source: unexpected shape",
    });
  });
});
