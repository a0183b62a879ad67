import { describe, expect, it } from "vitest";
import { feedAdapter } from "../../../../api/monitor/sources/feed.ts";
import { parseFeed } from "../../../../api/monitor/sources/feed-parser.ts";
import { isClosedEntry } from "../../../../api/monitor/sources/feed-status.ts";
import { observation, realText, serveReal } from "../../../helpers/real-corpus.ts";
import { pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

/**
 * Real history feeds of the major status-page generators, replayed at their capture time. Each
 * window is chosen so that the newest entry is recent enough to count as open: only its resolution
 * marker keeps it out.
 */
const upstream = upstreamForEachTest();

const poll = (name: string, at: string, activeHours: number) => {
  serveReal(upstream, "/feed", name);
  return feedAdapter
    .poll(
      { kind: "feed", url: `${upstream.url}/feed`, active_hours: activeHours },
      pollContext({ now: new Date(at) }),
    )
    .then(observation);
};

const entries = (name: string) => {
  const parsed = parseFeed(realText(name));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe("Statuspage history feeds (Claude and GitHub, 4 Feb 2026)", () => {
  const cases: [string, string, string][] = [
    ["statuspage-claude-history-2026-02-04.atom", "2026-02-04T17:21:16Z", "Elevated errors on Claude models"],
    ["statuspage-claude-history-2026-02-04.rss", "2026-02-04T17:21:16Z", "Elevated errors on Claude models"],
    [
      "statuspage-github-history-2026-02-04.atom",
      "2026-02-05T05:10:57Z",
      "Delays in UI updates for Actions Runs",
    ],
    [
      "statuspage-github-history-2026-02-04.rss",
      "2026-02-05T05:10:57Z",
      "Delays in UI updates for Actions Runs",
    ],
  ];

  it.each(cases)("%s: 25 entries, every one closed by its bold Resolved", (name, _at, newest) => {
    const all = entries(name);
    expect(all).toHaveLength(25);
    expect(all[0]!.title).toBe(newest);
    expect(all.filter((e) => !isClosedEntry(e)).map((e) => e.title)).toEqual([]);
  });

  it.each(cases)(
    "%s at %s: operational, nothing open, although the newest entry is minutes old",
    async (name, at) => {
      expect(await poll(name, at, 24)).toEqual({ state: "operational", upstreamIncidents: [] });
    },
  );

  it("reads each entry's dates: the Claude incident of 4 Feb published and updated at 17:06:50 UTC", () => {
    const [first] = entries("statuspage-claude-history-2026-02-04.atom");
    expect(first).toMatchObject({
      id: "tag:status.claude.com,2005:Incident/28360075",
      link: "https://status.claude.com/incidents/pvbysfjjrf8m",
    });
    expect(first!.published?.toISOString()).toBe("2026-02-04T17:06:50.000Z");
    const [rss] = entries("statuspage-claude-history-2026-02-04.rss");
    expect(rss!.published?.toISOString()).toBe("2026-02-04T17:06:50.000Z");
  });
});

describe("incident.io feeds (OpenAI)", () => {
  it("history.atom of 22 Feb 2026: '<b>Status: Resolved</b>' closes an entry updated 40 hours before", async () => {
    const all = entries("incidentio-openai-history-2026-02-22.atom");
    expect(all.map((e) => [e.title, e.updated?.toISOString(), isClosedEntry(e)])).toEqual([
      ["Increased latency in ChatGPT for some users", "2026-02-20T22:44:27.567Z", true],
      ["Sora 2 Degraded Performance", "2026-02-18T16:40:22.657Z", true],
    ]);
    const seen = await poll("incidentio-openai-history-2026-02-22.atom", "2026-02-22T14:54:30Z", 48);
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("feed.rss: a resolved item dated a quarter of an hour before is not open", async () => {
    const [item] = entries("incidentio-openai-feed-2026-01-08.rss");
    expect(item!.title).toBe("High error rate for Dall-e");
    expect(isClosedEntry(item!)).toBe(true);
    const seen = await poll("incidentio-openai-feed-2026-01-08.rss", "2026-01-08T03:00:00Z", 24);
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });
});

describe("Instatus history.rss (Northflank, 25 Sep 2026)", () => {
  it("reads each item's last status, written after the first: every one of the three is resolved", () => {
    const all = entries("instatus-northflank-history-2026-09-25.rss");
    expect(all.map((e) => [e.title, e.published?.toISOString(), isClosedEntry(e)])).toEqual([
      ["Degraded SSO login via WorkOS", "2026-09-25T15:15:00.000Z", true],
      ["Addon expose/unexpose temporarily disabled in US - Central", "2026-09-04T18:27:54.000Z", true],
      ["Workloads Failing to Start Across Multiple Regions", "2026-08-05T13:27:13.000Z", true],
    ]);
  });

  it("after the SSO incident was resolved (16:01 UTC) the feed is operational", async () => {
    const seen = await poll("instatus-northflank-history-2026-09-25.rss", "2026-09-25T16:30:00Z", 24);
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });
});
