import { describe, expect, it } from "vitest";
import { slackAdapter } from "../../../../api/monitor/sources/slack.ts";
import { fixture, observation, pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const currentPath = "/api/v2.0.0/current";
const upstream = upstreamForEachTest(() => {
  upstream.set(currentPath, { body: fixture("slack-outage.json") });
});

const poll = (services?: string[]) =>
  slackAdapter.poll({ kind: "slack", services, base_url: upstream.url }, pollContext());

describe("slack source", () => {
  it("is operational when Slack says ok", async () => {
    upstream.set(currentPath, { body: fixture("slack-ok.json") });
    expect(observation(await poll())).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("reads an outage as a major outage, with the issue's title and link", async () => {
    const seen = observation(await poll(["Messaging"]));
    expect(seen).toEqual({
      state: "major_outage",
      upstreamIncidents: [
        {
          id: "2241",
          title: "Users may have trouble sending messages and connecting to Slack",
          url: "https://slack-status.com/2025-10/6e1c0a2f5b3d9c47",
          state: "major_outage",
          startedAt: "2025-10-20T10:58:16.000Z",
        },
      ],
    });
  });

  it("reads an incident as a partial outage and a notice as operational, per service", async () => {
    expect(observation(await poll(["workflows"])).state).toBe("partial_outage");
    const notice = observation(await poll(["Apps/Integrations/APIs"]));
    expect(notice.state).toBe("operational");
    expect(notice.upstreamIncidents).toMatchObject([{ id: "2239", state: "operational" }]);
    expect(observation(await poll(["Huddles"]))).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("takes the worst issue when no service is named", async () => {
    const seen = observation(await poll());
    expect(seen.state).toBe("major_outage");
    expect(seen.upstreamIncidents).toHaveLength(3);
  });

  it("fails on a document that is not Slack's", async () => {
    upstream.set(currentPath, { body: JSON.stringify({ status: "ok" }) });
    expect(await poll()).toMatchObject({ kind: "failed", retryable: false });
  });
});
