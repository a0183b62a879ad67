import { describe, expect, it } from "vitest";
import { statuspageAdapter } from "../../../../api/monitor/sources/statuspage.ts";
import { observation, serveReal } from "../../../helpers/real-corpus.ts";
import { pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

/** Real Statuspage documents (and incident.io-shaped variants) replayed at their capture time. */
const upstream = upstreamForEachTest();

const summaryPath = "/api/v2/summary.json";
const poll = (name: string, at: string, filter: { components?: string[]; groups?: string[] } = {}) => {
  serveReal(upstream, summaryPath, name);
  return statuspageAdapter
    .poll({ kind: "statuspage", base_url: upstream.url, ...filter }, pollContext({ now: new Date(at) }))
    .then(observation);
};

describe("real Statuspage summaries", () => {
  it("GitHub, 25 Nov 2022: Packages in partial outage, one incident listed for Packages but not for Git Operations", async () => {
    const all = await poll("statuspage-github-summary-2022-11-25.json", "2022-11-25T15:50:05Z");
    expect(all.state).toBe("partial_outage");
    expect(all.upstreamIncidents).toEqual([
      {
        id: "ljwdk6qml8z8",
        title: "Incident with Packages and Pages",
        url: "https://stspg.io/33vh8r7z43kh",
        state: "partial_outage",
        startedAt: "2022-11-25T14:39:09.542Z",
      },
    ]);
    const packages = await poll("statuspage-github-summary-2022-11-25.json", "2022-11-25T15:50:05Z", {
      components: ["Packages"],
    });
    expect(packages.state).toBe("partial_outage");
    expect(packages.upstreamIncidents.map((i) => i.id)).toEqual(["ljwdk6qml8z8"]);
    const git = await poll("statuspage-github-summary-2022-11-25.json", "2022-11-25T15:50:05Z", {
      components: ["Git Operations"],
    });
    expect(git).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("Instructure during the 7 Dec 2021 AWS outage: page-local offsets read as UTC, groups filter", async () => {
    const all = await poll("statuspage-instructure-summary-2021-12-07.json", "2021-12-07T18:07:15Z");
    expect(all.state).toBe("degraded_performance");
    expect(all.upstreamIncidents).toHaveLength(1);
    expect(all.upstreamIncidents[0]).toMatchObject({
      id: "g1zp3jpycgbz",
      state: "degraded_performance",
      startedAt: "2021-12-07T16:06:43.172Z",
      url: "https://stspg.io/0vf16sb2j8xn",
    });
    const canvas = await poll("statuspage-instructure-summary-2021-12-07.json", "2021-12-07T18:07:15Z", {
      groups: ["Canvas"],
    });
    expect(canvas.state).toBe("degraded_performance");
    expect(canvas.upstreamIncidents.map((i) => i.id)).toEqual(["g1zp3jpycgbz"]);
  });
});

describe("real components.json documents, read as a summary without incident lists", () => {
  // A components.json is exactly what an incident.io page answers on a quiet day: page and
  // components, no incident lists. Each must read as its worst watched component.
  const cases: [string, string, string][] = [
    ["statuspage-box-components.json", "2021-12-01T08:08:16Z", "operational"],
    ["statuspage-box-components-with-problem.json", "2021-12-27T15:26:27Z", "degraded_performance"],
    ["statuspage-cisco-urgentnotices-components.json", "2021-11-29T19:24:03Z", "operational"],
    ["statuspage-ciscoamp-components.json", "2021-10-09T18:56:16Z", "operational"],
    ["statuspage-ciscointersight-components.json", "2021-11-20T02:49:12Z", "operational"],
    ["statuspage-ciscokinetic-components.json", "2021-12-07T06:21:19Z", "degraded_performance"],
    ["statuspage-coinbase-components.json", "2021-12-03T09:15:45Z", "partial_outage"],
    ["statuspage-digitalocean-components.json", "2021-12-03T04:35:03Z", "operational"],
    ["statuspage-dropbox-components.json", "2021-12-02T23:49:59Z", "operational"],
    ["statuspage-duo-components.json", "2021-12-04T00:08:50Z", "operational"],
    ["statuspage-github-components.json", "2021-12-01T08:05:47Z", "operational"],
    ["statuspage-github-components-with-problem.json", "2021-12-10T14:56:24Z", "partial_outage"],
    ["statuspage-instructure-components.json", "2021-12-07T18:07:15Z", "degraded_performance"],
    ["statuspage-intercom-components.json", "2021-12-03T10:58:46Z", "operational"],
    ["statuspage-lastpass-components.json", "2021-12-07T19:39:31Z", "degraded_performance"],
    ["statuspage-linode-components.json", "2021-12-01T10:57:29Z", "operational"],
    ["statuspage-linode-components-problems.json", "2021-12-17T22:23:41Z", "partial_outage"],
    ["statuspage-newrelic-components.json", "2021-12-01T19:56:21Z", "operational"],
    ["statuspage-qualys-components.json", "2021-12-01T11:04:33Z", "major_outage"],
    ["statuspage-reddit-components.json", "2021-12-03T01:20:13Z", "operational"],
    ["statuspage-squarespace-components.json", "2021-12-03T01:03:22Z", "operational"],
    ["statuspage-twilio-components.json", "2021-12-03T10:23:44Z", "degraded_performance"],
  ];
  it.each(cases)("%s at %s reads as %s with no incident listed", async (name, at, state) => {
    expect(await poll(name, at)).toEqual({ state, upstreamIncidents: [] });
  });

  it("watches one group of Linode: Regions is in partial outage, Backups is not", async () => {
    const at = "2021-12-17T22:23:41Z";
    const regions = await poll("statuspage-linode-components-problems.json", at, { groups: ["Regions"] });
    expect(regions.state).toBe("partial_outage");
    const backups = await poll("statuspage-linode-components-problems.json", at, { groups: ["Backups"] });
    expect(backups.state).toBe("operational");
  });

  it("watches one Twilio component by its group-qualified name", async () => {
    const at = "2021-12-03T10:23:44Z";
    const sms = await poll("statuspage-twilio-components.json", at, {
      components: ["CARRIER NETWORK - SMS, Middle East & Africa"],
    });
    expect(sms.state).toBe("degraded_performance");
  });

  it("fails a filter that matches nothing on the page (unknown, never operational)", async () => {
    serveReal(upstream, summaryPath, "statuspage-github-components.json");
    const result = await statuspageAdapter.poll(
      { kind: "statuspage", base_url: upstream.url, components: ["Copilot"] },
      pollContext({ now: new Date("2021-12-01T08:05:47Z") }),
    );
    expect(result.kind).toBe("failed");
    expect(result.kind === "failed" && result.error).toContain("Copilot");
  });
});

describe("incident.io-shaped summaries (DERIVED from the real documents above)", () => {
  it("reads null incident lists as empty lists", async () => {
    const seen = await poll("incidentio-DERIVED-twilio-null-lists-2021-12-03.json", "2021-12-03T10:23:44Z");
    expect(seen).toEqual({ state: "degraded_performance", upstreamIncidents: [] });
  });

  it("reads an open incident without a maintenance list and with shortlink null", async () => {
    const seen = await poll(
      "incidentio-DERIVED-github-summary-no-maintenances-2022-11-25.json",
      "2022-11-25T15:50:05Z",
    );
    expect(seen.state).toBe("partial_outage");
    expect(seen.upstreamIncidents).toEqual([
      {
        id: "ljwdk6qml8z8",
        title: "Incident with Packages and Pages",
        url: "https://www.githubstatus.com/incidents/ljwdk6qml8z8",
        state: "partial_outage",
        startedAt: "2022-11-25T14:39:09.542Z",
      },
    ]);
  });
});

describe("incident.io summaries as OpenAI served them", () => {
  it("a quiet day (9 Jul 2026): no incident or maintenance list at all, 25 components, operational", async () => {
    const seen = await poll("incidentio-openai-summary-quiet-2026-07-09.json", "2026-07-09T19:30:00Z");
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
    const codex = await poll("incidentio-openai-summary-quiet-2026-07-09.json", "2026-07-09T19:30:00Z", {
      components: ["Codex API"],
    });
    expect(codex).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("29 Sep 2026: two open incidents, no maintenance list and no shortlink; the components say how bad", async () => {
    const at = "2026-09-29T18:30:00Z";
    const all = await poll("incidentio-openai-summary-incidents-2026-09-29.json", at);
    expect(all.state).toBe("degraded_performance");
    expect(all.upstreamIncidents).toEqual([
      {
        id: "01M3Q4RK1SM4EMK445GGPG7C0N",
        title: "Elevated errors across ChatGPT, Codex, and the API including the Agents API",
        url: "https://status.openai.com/incidents/01M3Q4RK1SM4EMK445GGPG7C0N",
        state: "degraded_performance",
        startedAt: "2026-09-29T17:52:52.000Z",
      },
      {
        id: "01M3Q4HMNP8SZ27DTZKW6F5BJ4",
        title: "Support chat unavailable",
        url: "https://status.openai.com/incidents/01M3Q4HMNP8SZ27DTZKW6F5BJ4",
        // OpenAI gave it impact "none": listed, but it makes nothing worse.
        state: "operational",
        startedAt: "2026-09-29T17:49:05.000Z",
      },
    ]);
    const chat = await poll("incidentio-openai-summary-incidents-2026-09-29.json", at, {
      components: ["Chat Completions"],
    });
    expect(chat.state).toBe("degraded_performance");
    const ads = await poll("incidentio-openai-summary-incidents-2026-09-29.json", at, {
      components: ["Ads API"],
    });
    expect(ads.state).toBe("operational");
  });
});
