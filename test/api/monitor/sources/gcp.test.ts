import { describe, expect, it } from "vitest";
import { gcpAdapter } from "../../../../api/monitor/sources/gcp.ts";
import {
  fixture,
  fixtureJson,
  observation,
  pollContext,
  upstreamForEachTest,
} from "../../../helpers/upstream-server.ts";

const computeEngine = "L3ggmi3Jy4xJmgodFA9K";
const cloudSql = "hV87iK5DcEXKgWU2kDri";

const upstream = upstreamForEachTest(() => {
  upstream.set("/incidents.json", { body: fixture("gcp-incidents.json") });
});

const poll = (products?: string[], locations?: string[]) =>
  gcpAdapter.poll({ kind: "gcp", products, locations, base_url: upstream.url }, pollContext());

describe("gcp source", () => {
  it("lists the open incidents only, the worst deciding the state", async () => {
    const seen = observation(await poll());
    expect(seen.state).toBe("major_outage");
    expect(seen.upstreamIncidents.map((i) => i.id)).toEqual([
      "mR2xKq9vT4bN7cLpW3sY",
      "Zc8hQ1nV5tR2wP6yK0aL",
      "Tq3mB8xD2kF9sJ4hN6vW",
    ]);
    expect(seen.upstreamIncidents[0]).toEqual({
      id: "mR2xKq9vT4bN7cLpW3sY",
      title: "Google Compute Engine instances unreachable in europe-west1 and europe-west4",
      url: `${upstream.url}/incidents/mR2xKq9vT4bN7cLpW3sY`,
      state: "major_outage",
      startedAt: "2025-10-20T08:52:00.000Z",
    });
  });

  it("narrows by product and location: an outage elsewhere (or already over) does not count", async () => {
    // Compute Engine's us-east1 incident has ended; its open one is in Europe.
    expect(observation(await poll([computeEngine], ["us-east1"]))).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });

  it("matches any of the locations an incident currently affects", async () => {
    const seen = observation(await poll([computeEngine], ["europe-west4"]));
    expect(seen.state).toBe("major_outage");
    expect(seen.upstreamIncidents).toHaveLength(1);
  });

  it("maps a disruption to degraded performance, or to a partial outage when severity is high", async () => {
    expect(observation(await poll([cloudSql])).state).toBe("degraded_performance");
    const incidents = fixtureJson<{ severity: string }[]>("gcp-incidents.json");
    incidents[1]!.severity = "high";
    upstream.set("/incidents.json", { body: JSON.stringify(incidents) });
    expect(observation(await poll([cloudSql])).state).toBe("partial_outage");
  });

  it("keeps a global information notice without degrading, for every location", async () => {
    const seen = observation(await poll(["9CcrhHUcFevXPSVaSxkf"], ["asia-northeast1"]));
    expect(seen.state).toBe("operational");
    expect(seen.upstreamIncidents).toMatchObject([{ id: "Tq3mB8xD2kF9sJ4hN6vW", state: "operational" }]);
  });

  it("is operational on an empty list and fails on a list of the wrong shape", async () => {
    upstream.set("/incidents.json", { body: "[]" });
    expect(observation(await poll())).toEqual({ state: "operational", upstreamIncidents: [] });
    upstream.set("/incidents.json", { body: JSON.stringify({ incidents: [] }) });
    const result = await poll();
    expect(result).toMatchObject({ kind: "failed", retryable: false });
    expect(result.kind === "failed" && result.error).toContain("not a Google Cloud incident list");
  });
});
