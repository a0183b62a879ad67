import { describe, expect, it } from "vitest";
import { azureAdapter } from "../../../../api/monitor/sources/azure.ts";
import { fixture, observation, pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const feedPath = "/en-us/status/feed/";
const upstream = upstreamForEachTest(() => {
  upstream.set(feedPath, { body: fixture("azure-events.rss"), contentType: "application/rss+xml" });
});

const poll = (regions?: string[]) =>
  azureAdapter.poll({ kind: "azure", regions, feed_url: `${upstream.url}${feedPath}` }, pollContext());

describe("azure source", () => {
  it("is operational when the feed has no active event", async () => {
    upstream.set(feedPath, { body: fixture("azure-empty.rss"), contentType: "application/rss+xml" });
    expect(observation(await poll(["West Europe"]))).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("reads an event naming a watched region as degraded performance", async () => {
    expect(observation(await poll(["West Europe"]))).toEqual({
      state: "degraded_performance",
      upstreamIncidents: [
        {
          id: "https://azure.status.microsoft/en-us/status/#TK4R-9XZ",
          title: "Virtual Machines - Connectivity issues",
          url: "https://azure.status.microsoft/en-us/status/#TK4R-9XZ",
          state: "degraded_performance",
          startedAt: "2025-10-20T09:12:45.000Z",
        },
      ],
    });
  });

  it("ignores events of other regions, matching region names longest first", async () => {
    expect(observation(await poll(["North Europe"])).state).toBe("operational");
    // "West US 2" must not count for "West US".
    expect(observation(await poll(["West US"])).state).toBe("operational");
    expect(observation(await poll(["west us 2"])).upstreamIncidents).toHaveLength(1);
  });

  it("counts every event when no region is named, and a region-less event for everyone", async () => {
    expect(observation(await poll()).upstreamIncidents).toHaveLength(2);
    const global = fixture("azure-events.rss")
      .replace("<category>West Europe</category>", "")
      .replace("in West Europe", "in several regions");
    upstream.set(feedPath, { body: global, contentType: "application/rss+xml" });
    expect(observation(await poll(["Japan East"])).state).toBe("degraded_performance");
  });

  it("fails on a body that is not a feed", async () => {
    upstream.set(feedPath, { body: '{"error":"gateway"}' });
    const result = await poll();
    expect(result).toMatchObject({ kind: "failed", retryable: false });
    expect(result.kind === "failed" && result.error).toContain("not an RSS or Atom feed");
  });
});
