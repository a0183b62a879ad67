import { describe, expect, it } from "vitest";
import type { SourceConfigOf } from "../../../../api/domain/dependencies/source-schema.ts";
import { statuspageAdapter } from "../../../../api/monitor/sources/statuspage.ts";
import {
  fixture,
  fixtureJson,
  observation,
  pollContext,
  upstreamForEachTest,
} from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest(() => {
  upstream.set("/api/v2/summary.json", { body: fixture("statuspage-summary-outage.json") });
});

type Narrowing = Partial<Pick<SourceConfigOf<"statuspage">, "components" | "groups">>;
const poll = (narrowing: Narrowing = {}) =>
  statuspageAdapter.poll({ kind: "statuspage", base_url: upstream.url, ...narrowing }, pollContext());

describe("statuspage source", () => {
  it("reads the worst component, with the open incidents, their titles and absolute links", async () => {
    const seen = observation(await poll());
    expect(seen.state).toBe("major_outage");
    expect(seen.upstreamIncidents).toEqual([
      {
        id: "k1mlxlmdhqqp",
        title: "Elevated error rates and timeouts on the REST API in eu-west-3",
        url: "https://stspg.io/xkq3d9rtz",
        state: "major_outage",
        startedAt: "2025-10-20T10:48:33.210Z",
      },
      {
        id: "yq0rb5ys4p1w",
        title: "Slow page loads in the dashboard",
        // No shortlink on this one: the page URL gives the incident's address.
        url: "https://status.acme-cloud.test/incidents/yq0rb5ys4p1w",
        state: "degraded_performance",
        startedAt: "2025-10-20T10:20:45.870Z",
      },
    ]);
    expect(upstream.requests[0]?.headers["user-agent"]).toBe("Vigie-test/1.0 (+https://vigie.test)");
  });

  it("watches only the named components: a healthy one is operational despite an outage next door", async () => {
    const seen = observation(await poll({ components: ["GraphQL API"] }));
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("narrows to a group by name and takes its children's worst state and incidents", async () => {
    const seen = observation(await poll({ groups: ["dashboard"] }));
    expect(seen.state).toBe("degraded_performance");
    expect(seen.upstreamIncidents.map((i) => i.id)).toEqual(["yq0rb5ys4p1w"]);
  });

  it("matches components by id and by the 'Group - Name' form of updates", async () => {
    expect(observation(await poll({ components: ["brv1bkgrwx7q"] })).state).toBe("major_outage");
    expect(observation(await poll({ components: ["API - REST API"] })).state).toBe("major_outage");
    expect(observation(await poll({ groups: ["8l4ygp009s5s"] })).state).toBe("major_outage");
  });

  it("fails, rather than says operational, when nothing watched is on the page any more", async () => {
    const result = await poll({ components: ["Billing"], groups: ["Legacy"] });
    expect(result).toMatchObject({ kind: "failed", retryable: false });
    expect(result.kind === "failed" && result.error).toContain("Billing, Legacy");
  });

  it("is operational when every component is, and counts a maintenance under way", async () => {
    const summary = fixtureJson<{
      components: { status: string }[];
      incidents: unknown[];
      scheduled_maintenances: { status: string }[];
    }>("statuspage-summary-outage.json");
    for (const c of summary.components) c.status = "operational";
    summary.incidents = [];
    upstream.set("/api/v2/summary.json", { body: JSON.stringify(summary) });
    expect(observation(await poll())).toEqual({ state: "operational", upstreamIncidents: [] });

    summary.components.find((c) => "name" in c && c.name === "Webhooks")!.status = "under_maintenance";
    summary.scheduled_maintenances[0]!.status = "in_progress";
    upstream.set("/api/v2/summary.json", { body: JSON.stringify(summary) });
    const seen = observation(await poll({ components: ["Webhooks"] }));
    expect(seen.state).toBe("under_maintenance");
    expect(seen.upstreamIncidents).toMatchObject([{ id: "p0qjfl24znv5", state: "under_maintenance" }]);
  });

  it("reads an incident.io page: full_outage is a major outage, ULIDs are kept", async () => {
    upstream.set("/api/v2/summary.json", { body: fixture("incidentio-summary.json") });
    const all = observation(await poll());
    expect(all.state).toBe("major_outage");
    expect(all.upstreamIncidents).toMatchObject([
      {
        id: "01K82Q7T4Z8M3N5B6V7C8X9Z0A",
        url: "https://status.modelworks.test/incidents/01K82Q7T4Z8M3N5B6V7C8X9Z0A",
        state: "major_outage",
      },
    ]);
    expect(observation(await poll({ components: ["Embeddings"] })).state).toBe("partial_outage");
    // A ChatGPT watcher is not tripped by an API incident.
    expect(observation(await poll({ components: ["ChatGPT"] }))).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });

  it("falls back to the page indicator when the page lists no components", async () => {
    upstream.set("/api/v2/summary.json", {
      body: JSON.stringify({
        components: [],
        incidents: [],
        status: { indicator: "major", description: "Partial System Outage" },
      }),
    });
    expect(observation(await poll()).state).toBe("partial_outage");
  });

  it("reads an unknown component status as unknown, never green", async () => {
    upstream.set("/api/v2/summary.json", {
      body: JSON.stringify({ components: [{ id: "a", name: "A", status: "on_fire" }], incidents: [] }),
    });
    expect(observation(await poll())).toEqual({
      state: "unknown",
      upstreamIncidents: [],
      error: 'component "A" has a status we do not know: on_fire',
    });
  });

  it("fails on JSON that is not a summary", async () => {
    upstream.set("/api/v2/summary.json", { body: JSON.stringify({ page: { name: "x" } }) });
    const result = await poll();
    expect(result.kind).toBe("failed");
    expect(result.kind === "failed" && result.error).toMatch(
      /summary\.json: not a Statuspage summary: components/,
    );
  });
});
