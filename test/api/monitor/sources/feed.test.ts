import { describe, expect, it } from "vitest";
import { feedAdapter } from "../../../../api/monitor/sources/feed.ts";
import type { PollContext } from "../../../../api/monitor/sources/types.ts";
import { fixture, observation, pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest(() => {
  upstream.set("/history.atom", { body: fixture("feed-history.atom"), contentType: "application/atom+xml" });
  upstream.set("/feed.rss", { body: fixture("feed-status.rss"), contentType: "application/rss+xml" });
});

const poll = (path: string, activeHours = 24, ctx: Partial<PollContext> = {}) =>
  feedAdapter.poll(
    { kind: "feed", url: `${upstream.url}${path}`, active_hours: activeHours },
    pollContext(ctx),
  );

describe("feed source", () => {
  it("reads a recent Atom entry that is not resolved as an open incident", async () => {
    expect(observation(await poll("/history.atom"))).toEqual({
      state: "degraded_performance",
      upstreamIncidents: [
        {
          id: "tag:status.forgehub.test,2005:Incident/26410577",
          title: "Degraded performance for Actions",
          url: "https://status.forgehub.test/incidents/x7p3lq0zk2md",
          state: "degraded_performance",
          startedAt: "2025-10-20T10:02:11.000Z",
        },
      ],
    });
  });

  it("is operational once the open entry is older than the active window", async () => {
    // Last updated at 11:20 UTC: still open at 12:00 with a one-hour window, over by 12:30.
    expect(observation(await poll("/history.atom", 1)).state).toBe("degraded_performance");
    const halfPast = new Date("2025-10-20T12:30:00Z");
    expect(observation(await poll("/history.atom", 1, { now: halfPast }))).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
    const later = new Date("2025-10-21T12:00:00Z");
    expect(observation(await poll("/history.atom", 24, { now: later })).state).toBe("operational");
  });

  it("reads RSS: skips resolved titles and announcements dated in the future, resolves relative links", async () => {
    const seen = observation(await poll("/feed.rss"));
    expect(seen.state).toBe("degraded_performance");
    expect(seen.upstreamIncidents).toEqual([
      {
        id: "mailbird-incident-8812",
        title: "Delayed delivery to Outlook.com recipients",
        url: `${upstream.url}/incidents/2025-10-20-delayed-delivery`,
        state: "degraded_performance",
        startedAt: "2025-10-20T08:45:00.000Z",
      },
    ]);
  });

  it("keeps validators only while nothing can change with the clock alone", async () => {
    upstream.set("/history.atom", {
      body: fixture("feed-history.atom"),
      contentType: "application/atom+xml",
      etag: 'W/"h1"',
    });
    const open = await poll("/history.atom");
    expect(open.validators).toEqual({ etag: null, lastModified: null, contentHash: null });
    const quiet = await poll("/history.atom", 24, { now: new Date("2025-10-23T00:00:00Z") });
    expect(quiet.validators.etag).toBe('W/"h1"');
    const again = await poll("/history.atom", 24, {
      now: new Date("2025-10-23T00:00:00Z"),
      validators: quiet.validators,
    });
    expect(again.kind).toBe("unchanged");
    expect(upstream.requests.at(-1)?.headers["if-none-match"]).toBe('W/"h1"');
  });

  it("fails on garbage and on a 500, retryable only for the 500", async () => {
    upstream.set("/history.atom", { body: "\u0000\u0001garbage" });
    expect(await poll("/history.atom")).toMatchObject({ kind: "failed", retryable: false });
    upstream.set("/history.atom", { status: 500, body: "boom" });
    expect(await poll("/history.atom")).toMatchObject({ kind: "failed", retryable: true });
  });
});
