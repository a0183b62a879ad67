import { describe, expect, it } from "vitest";
import { azureAdapter } from "../../../../api/monitor/sources/azure.ts";
import { gcpAdapter } from "../../../../api/monitor/sources/gcp.ts";
import { slackAdapter } from "../../../../api/monitor/sources/slack.ts";
import { observation, serveReal } from "../../../helpers/real-corpus.ts";
import { pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest();

describe("Google Cloud incidents.json", () => {
  const poll = (name: string, at: string, products?: string[], locations?: string[]) => {
    serveReal(upstream, "/incidents.json", name);
    return gcpAdapter
      .poll({ kind: "gcp", base_url: upstream.url, products, locations }, pollContext({ now: new Date(at) }))
      .then(observation);
  };

  it("the real capture of 18 Aug 2026: both incidents are over, nothing is open", async () => {
    expect(await poll("gcp-incidents-2026-08-18.json", "2026-08-18T12:00:00Z")).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });

  it("while the VMware Engine incident was open (DERIVED: end removed): matched by product id first", async () => {
    const name = "gcp-incidents-DERIVED-open-2026-07-16.json";
    const at = "2026-07-16T02:00:00Z";
    const byId = await poll(name, at, ["9H6gWUHvb2ZubeoxzQ1Y"], ["europe-west4"]);
    expect(byId.state).toBe("degraded_performance");
    expect(byId.upstreamIncidents).toEqual([
      {
        id: "3BvH3LVGcupoYqV6F4Nw",
        title: expect.stringContaining("Google Cloud VMware Engine (GCVE)"),
        url: `${upstream.url}/incidents/3BvH3LVGcupoYqV6F4Nw`,
        state: "degraded_performance",
        startedAt: "2026-07-15T23:57:00.000Z",
      },
    ]);
    expect((await poll(name, at, ["VMWare engine"])).state).toBe("degraded_performance");
    expect((await poll(name, at, ["9H6gWUHvb2ZubeoxzQ1Y"], ["europe-west1"])).state).toBe("operational");
    expect((await poll(name, at, ["Google Compute Engine"])).state).toBe("operational");
  });
});

describe("Google Cloud products renamed upstream", () => {
  const name = "gcp-incidents-DERIVED-vertex-gemini-open-2026-02-27.json";
  const poll = (products: string[], locations?: string[]) => {
    serveReal(upstream, "/incidents.json", name);
    return gcpAdapter
      .poll(
        { kind: "gcp", base_url: upstream.url, products, locations },
        pollContext({ now: new Date("2026-02-27T13:30:00Z") }),
      )
      .then(observation);
  };

  it("finds the Vertex Gemini API incident by product id, title or current title, not by a stale title", async () => {
    for (const product of ["Z0FZJAMvEB4j3NbCJs6B", "Vertex Gemini API", "Gemini on Agent Platform"]) {
      const seen = await poll([product], ["europe-west1"]);
      // An informational incident (SERVICE_INFORMATION, low) is listed as a note, not an outage;
      // its "global" location concerns every region.
      expect(seen.state, product).toBe("operational");
      expect(
        seen.upstreamIncidents.map((i) => [i.id, i.startedAt]),
        product,
      ).toEqual([["41E5S3mkTGDfkZuJZH5k", "2026-02-27T12:37:00.000Z"]]);
    }
    expect((await poll(["Vertex AI Gemini API"])).upstreamIncidents).toEqual([]);
  });

  it("reads the five real incidents of 2026 as all over once they ended (22 Aug 2026)", async () => {
    serveReal(upstream, "/incidents.json", "gcp-incidents-DERIVED-weekly-incident-raw-2026.json");
    const seen = await gcpAdapter
      .poll({ kind: "gcp", base_url: upstream.url }, pollContext({ now: new Date("2026-08-22T06:17:50Z") }))
      .then(observation);
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });
});

describe("Azure status RSS", () => {
  const poll = (name: string, at: string, regions?: string[]) => {
    serveReal(upstream, "/feed", name);
    return azureAdapter
      .poll({ kind: "azure", regions, feed_url: `${upstream.url}/feed` }, pollContext({ now: new Date(at) }))
      .then(observation);
  };

  it("Checkmk's Azure document (DERIVED): an item tagged West Europe concerns West Europe only", async () => {
    const at = "2022-11-17T08:36:00Z";
    const west = await poll("azure-DERIVED-checkmk-2022-11-17.rss", at, ["West Europe"]);
    expect(west.upstreamIncidents.map((i) => i.title)).toEqual([
      "Azure Key Vault issue affecting Azure China",
      "Azure Synapse Analytics Mitigating",
    ]);
    const northCentral = await poll("azure-DERIVED-checkmk-2022-11-17.rss", at, ["North Central US"]);
    expect(northCentral.upstreamIncidents.map((i) => i.title)).toEqual([
      "Azure Key Vault issue affecting Azure China",
      "Azure Databricks - North Central US - Investigating",
    ]);
    // "West US" must not match inside "North Central US", nor "Europe" inside anything.
    const westUs = await poll("azure-DERIVED-checkmk-2022-11-17.rss", at, ["West US"]);
    expect(westUs.upstreamIncidents.map((i) => i.title)).toEqual([
      "Azure Key Vault issue affecting Azure China",
    ]);
  });

  it("a 'Public Non-Regional' item (Azure Front Door) concerns every region, even one its text does not name", async () => {
    const at = "2021-07-12T16:05:00Z";
    for (const region of ["West Europe", "East US", "Japan East"]) {
      const seen = await poll("azure-DERIVED-front-door-non-regional-2021-07-12.rss", at, [region]);
      expect(seen.state, region).toBe("degraded_performance");
      expect(seen.upstreamIncidents).toEqual([
        {
          id: "azure-front-door-connectivity-issues-and-increased-latency-applying-mitigation",
          title: "Azure Front Door - Connectivity issues and increased latency - Applying Mitigation",
          url: "https://status.azure.com/en-us/status/",
          state: "degraded_performance",
          startedAt: "2021-07-12T16:00:05.000Z",
        },
      ]);
    }
  });
});

describe("Slack status API", () => {
  const poll = (services?: string[]) => {
    serveReal(upstream, "/api/v2.0.0/current", "slack-current-DERIVED-2026-08-18.json");
    return slackAdapter
      .poll(
        { kind: "slack", services, base_url: upstream.url },
        pollContext({ now: new Date("2026-08-18T12:00:00Z") }),
      )
      .then(observation);
  };

  it("the active incident of 13 Aug 2026 (from the real history): partial outage for Messaging only", async () => {
    const messaging = await poll(["Messaging"]);
    expect(messaging).toEqual({
      state: "partial_outage",
      upstreamIncidents: [
        {
          id: "1576",
          title: "Trouble Accessing Historical Messages With Custom Data Retention Policies Enabled",
          url: "https://slack-status.com/2026-08/e07b9271f0346c3b",
          state: "partial_outage",
          startedAt: "2026-08-13T21:21:41.000Z",
        },
      ],
    });
    expect(await poll(["Search"])).toEqual({ state: "operational", upstreamIncidents: [] });
  });
});
