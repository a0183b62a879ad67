import { describe, expect, it } from "vitest";
import { awsAdapter } from "../../../../api/monitor/sources/aws.ts";
import {
  currentEventIncidents,
  currentEventsSchema,
} from "../../../../api/monitor/sources/aws-current-events.ts";
import { feedAdapter } from "../../../../api/monitor/sources/feed.ts";
import { observation, realText, serveReal } from "../../../helpers/real-corpus.ts";
import { pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

/**
 * The real AWS all-services feed of 18 Aug 2026, served in place of every per-service feed: the
 * adapter keeps only the items of the watched service and of its region's multi-service key. It
 * holds a Direct Connect event closed by "[RESOLVED]" and the two Middle-East events of March 2026
 * that AWS stopped talking about on 30 April without ever resolving them.
 */
const captured = "2026-08-18T12:20:30Z";
const eventsPath = "/public/currentevents";
const upstream = upstreamForEachTest(() => {
  upstream.set("*", { status: 404, body: "Not Found" });
  serveReal(upstream, eventsPath, "aws-currentevents-DERIVED-middle-east-2026-08-18.json");
});

function poll(
  service: string,
  region: string,
  at: string,
  currentEvents: boolean,
  feed = "aws-all-2026-08-18.rss",
) {
  serveReal(upstream, `/rss/${service}-${region}.rss`, feed);
  serveReal(upstream, `/rss/multipleservices-${region}.rss`, feed);
  return awsAdapter
    .poll(
      {
        kind: "aws",
        service,
        region,
        use_current_events: currentEvents,
        silence_hours: 24,
        base_url: upstream.url,
        current_events_url: `${upstream.url}${eventsPath}`,
      },
      pollContext({ now: new Date(at) }),
    )
    .then(observation);
}

describe("the real AWS feed of 18 Aug 2026", () => {
  it("while AWS was posting (3 Mar 2026): UAE in major outage since the first post, Bahrain in partial outage", async () => {
    const uae = await poll("ec2", "me-central-1", "2026-03-03T18:00:00Z", false);
    expect(uae).toEqual({
      state: "major_outage",
      upstreamIncidents: [
        {
          id: "https://status.aws.amazon.com/#multipleservices-me-central-1_1772396043",
          title: "Service disruption: Increased Error Rates",
          url: "https://status.aws.amazon.com/",
          state: "major_outage",
          startedAt: "2026-03-01T20:14:03.000Z",
        },
      ],
    });
    const bahrain = await poll("ec2", "me-south-1", "2026-03-03T18:00:00Z", false);
    expect(bahrain.state).toBe("partial_outage");
    expect(bahrain.upstreamIncidents[0]?.title).toBe(
      "Service impact: Increased Connectivity Issues and API Error Rates",
    );
  });

  it("months of silence without current events: unknown with the reason, never operational, no incident", async () => {
    const seen = await poll("ec2", "me-central-1", captured, false);
    expect(seen).toEqual({
      state: "unknown",
      upstreamIncidents: [],
      error:
        "no news from AWS for 110 days on an event it has not resolved (multipleservices-me-central-1: Service disruption: Increased Error Rates)",
    });
  });

  it("months of silence with current events still listing the event: the incident stays open", async () => {
    const uae = await poll("ec2", "me-central-1", captured, true);
    expect(uae.state).toBe("major_outage");
    expect(uae.error).toBeUndefined();
    expect(uae.upstreamIncidents).toEqual([
      {
        id: "arn:aws:health:me-central-1::event/MULTIPLE_SERVICES/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_ME_CENTRAL_1_1772396043",
        title: "Increased Error Rates",
        url: `${upstream.url}/health/status`,
        state: "major_outage",
        startedAt: "2026-03-01T20:14:03.000Z",
      },
    ]);
    // Current-events status 1 is AWS's "Service impact": a partial outage, not a note.
    const bahrain = await poll("ec2", "me-south-1", captured, true);
    expect(bahrain.state).toBe("partial_outage");
  });

  it("Direct Connect in Frankfurt: a partial outage on 17 Aug, closed by its [RESOLVED] post", async () => {
    const during = await poll("directconnect", "eu-central-1", "2026-08-17T12:00:00Z", true);
    expect(during.state).toBe("partial_outage");
    expect(during.upstreamIncidents).toHaveLength(1);
    expect(during.upstreamIncidents[0]).toMatchObject({
      id: "https://status.aws.amazon.com/#directconnect-eu-central-1_1786765379",
      title: "Service impact: Increased Packet loss",
      startedAt: "2026-08-15T03:42:59.000Z",
    });
    expect(await poll("directconnect", "eu-central-1", captured, true)).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });

  it("an 'Informational message: [RESOLVED] …' post closes the event too (DERIVED title)", async () => {
    const after = await poll(
      "directconnect",
      "eu-central-1",
      captured,
      true,
      "aws-all-DERIVED-informational-resolved-2026-08-18.rss",
    );
    expect(after).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("a region the feed does not mention is operational", async () => {
    expect(await poll("ec2", "eu-west-3", captured, true)).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });
});

describe("the same feed read as a generic feed (as for AWS's global services)", () => {
  const read = (at: string) => {
    serveReal(upstream, "/rss/all.rss", "aws-all-2026-08-18.rss");
    return feedAdapter
      .poll(
        { kind: "feed", url: `${upstream.url}/rss/all.rss`, active_hours: 24 },
        pollContext({ now: new Date(at) }),
      )
      .then(observation);
  };

  it("counts one incident per service at its title's severity, not one per update", async () => {
    const seen = await read("2026-08-17T12:00:00Z");
    expect(seen.state).toBe("partial_outage");
    expect(seen.upstreamIncidents.map((i) => [i.title, i.state])).toEqual([
      ["Service impact: Increased Packet loss", "partial_outage"],
    ]);
    expect(seen.error).toMatch(/^no news from AWS for \d+ days on an event it has not resolved/);
  });

  it("after the [RESOLVED] post only the silent Middle-East events remain: unknown, not operational", async () => {
    const seen = await read(captured);
    expect(seen.state).toBe("unknown");
    expect(seen.upstreamIncidents).toEqual([]);
  });
});

describe("a real current-events entry (us-west-2, 13 Mar 2023, as quoted by stts)", () => {
  const sample = "aws-currentevents-us-west-2-resolved-2023-03-13.json";

  it("parses with its extra fields, and an ended event (status 0, end_time) is no incident", () => {
    const parsed = currentEventsSchema.safeParse(JSON.parse(realText(sample)));
    expect(parsed.success).toBe(true);
    const events = parsed.data!;
    expect(events.map((e) => [e.service, e.status, e.end_time])).toEqual([
      ["internetconnectivity-us-west-2", "0", "1678727476"],
    ]);
    const keys = ["internetconnectivity-us-west-2", "multipleservices-us-west-2"];
    expect(currentEventIncidents(events, keys, "https://health.aws.amazon.com/health/status")).toEqual([]);
  });

  it("served as the current-events document, it leaves a us-west-2 dependency operational", async () => {
    serveReal(upstream, eventsPath, sample);
    expect(await poll("internetconnectivity", "us-west-2", captured, true)).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });
});

describe("an event filed under one service that impacts others (DERIVED: the entry above while open)", () => {
  const events = () => {
    const parsed = currentEventsSchema.safeParse(
      JSON.parse(realText("aws-currentevents-DERIVED-us-west-2-open-2023-03-13.json")),
    );
    if (!parsed.success) throw parsed.error;
    return parsed.data;
  };
  const dashboard = "https://health.aws.amazon.com/health/status";

  it("counts for EC2 in us-west-2, at EC2's own status, from the event's date", () => {
    expect(
      currentEventIncidents(events(), ["ec2-us-west-2", "multipleservices-us-west-2"], dashboard),
    ).toEqual([
      {
        id: "internetconnectivity-us-west-2_1678726651",
        title: "Internet Connectivity in the US-WEST-2 Region",
        url: dashboard,
        state: "partial_outage",
        startedAt: "2023-03-13T16:57:31.000Z",
      },
    ]);
  });

  it("not for a service it does not list, nor for one AWS says has recovered", () => {
    expect(
      currentEventIncidents(events(), ["s3-us-west-2", "multipleservices-us-west-2"], dashboard),
    ).toEqual([]);
    const [event] = events();
    const recovered = {
      ...event!,
      impacted_services: { ...event!.impacted_services, "ec2-us-west-2": { current: "0" } },
    };
    expect(currentEventIncidents([recovered], ["ec2-us-west-2"], dashboard)).toEqual([]);
  });
});
