import { describe, expect, it } from "vitest";
import { awsAdapter } from "../../../../api/monitor/sources/aws.ts";
import type { PollContext } from "../../../../api/monitor/sources/types.ts";
import {
  fixture,
  fixtureJson,
  observation,
  pollContext,
  upstreamForEachTest,
  utf16WithBom,
} from "../../../helpers/upstream-server.ts";

const servicePath = "/rss/ec2-eu-west-3.rss";
const regionPath = "/rss/multipleservices-eu-west-3.rss";
const eventsPath = "/public/currentevents";
const rss = (name: string) => ({ body: fixture(name), contentType: "application/rss+xml" });

const upstream = upstreamForEachTest(() => {
  upstream.set(servicePath, rss("aws-empty.rss"));
  upstream.set(regionPath, rss("aws-empty.rss"));
});

const poll = (options: { currentEvents?: boolean } = {}, ctx: Partial<PollContext> = {}) =>
  awsAdapter.poll(
    {
      kind: "aws",
      service: "ec2",
      region: "eu-west-3",
      use_current_events: options.currentEvents ?? false,
      silence_hours: 24,
      base_url: upstream.url,
      current_events_url: `${upstream.url}${eventsPath}`,
    },
    pollContext(ctx),
  );

describe("aws source", () => {
  it("is operational when the service and region feeds are empty", async () => {
    expect(observation(await poll())).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("reads a disruption from the latest item, the incident starting at the first item of its chain", async () => {
    upstream.set(servicePath, rss("aws-ec2-eu-west-3-disruption.rss"));
    const seen = observation(await poll());
    expect(seen.state).toBe("major_outage");
    expect(seen.upstreamIncidents).toEqual([
      {
        id: "https://status.aws.amazon.com/#ec2-eu-west-3_1760951100",
        title: "Service disruption: Increased API error rates and instance launch failures",
        url: "https://status.aws.amazon.com/",
        state: "major_outage",
        startedAt: "2025-10-20T09:05:00.000Z",
      },
    ]);
  });

  it("closes the event when the latest item is [RESOLVED]", async () => {
    upstream.set(servicePath, rss("aws-ec2-eu-west-3-resolved.rss"));
    expect(observation(await poll())).toEqual({ state: "operational", upstreamIncidents: [] });
  });

  it("never calls an event resolved because AWS fell silent: a day without news is unknown, with the reason", async () => {
    upstream.set(servicePath, rss("aws-ec2-eu-west-3-disruption.rss"));
    const dayLater = new Date("2025-10-21T12:31:00Z");
    const seen = observation(await poll({}, { now: dayLater }));
    expect(seen.state).toBe("unknown");
    expect(seen.upstreamIncidents).toEqual([]);
    expect(seen.error).toMatch(
      /^no news from AWS for 2\d h on an event it has not resolved \(ec2-eu-west-3: Service disruption/,
    );
  });

  it("lets an informational note age out without calling the dependency unknown", async () => {
    upstream.set(servicePath, {
      body: fixture("aws-ec2-eu-west-3-disruption.rss").replaceAll(
        "Service disruption:",
        "Informational message:",
      ),
      contentType: "application/rss+xml",
    });
    const weekLater = new Date("2025-10-27T12:00:00Z");
    expect(observation(await poll({}, { now: weekLater }))).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
  });

  it("counts a multi-service event of the region for the service (service impact = partial outage)", async () => {
    upstream.set(regionPath, rss("aws-multipleservices-eu-west-3.rss"));
    const seen = observation(await poll());
    expect(seen.state).toBe("partial_outage");
    expect(seen.upstreamIncidents).toMatchObject([
      { id: "https://status.aws.amazon.com/#multipleservices-eu-west-3_1760953200", state: "partial_outage" },
    ]);
  });

  it("keeps an informational message as a notice without degrading", async () => {
    upstream.set(regionPath, {
      ...rss("aws-multipleservices-eu-west-3.rss"),
      body: fixture("aws-multipleservices-eu-west-3.rss").replace(
        "Service impact:",
        "Informational message:",
      ),
    });
    const seen = observation(await poll());
    expect(seen.state).toBe("operational");
    expect(seen.upstreamIncidents).toMatchObject([{ state: "operational" }]);
  });

  it("treats a region without a multi-service feed as having no such event", async () => {
    upstream.set(regionPath, { status: 404, body: "<Error>NoSuchKey</Error>" });
    expect(observation(await poll()).state).toBe("operational");
  });

  it("fails when the service feed itself is missing (a wrong service or region)", async () => {
    upstream.set(servicePath, { status: 404, body: "<Error>NoSuchKey</Error>" });
    expect(await poll()).toMatchObject({ kind: "failed", retryable: false });
  });

  it("reads the current-events JSON sent as UTF-16 BE with a BOM, for the watched service only", async () => {
    upstream.set(eventsPath, { body: utf16WithBom(fixture("aws-currentevents.json"), "be") });
    const seen = observation(await poll({ currentEvents: true }));
    expect(seen.state).toBe("degraded_performance");
    expect(seen.upstreamIncidents).toEqual([
      {
        id: "arn:aws:health:eu-west-3::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_7F3A1B2C9D",
        title: "[Degraded] Increased API error rates – Europe (Paris)",
        url: `${upstream.url}/health/status`,
        state: "degraded_performance",
        startedAt: "2025-10-20T09:05:00.000Z",
      },
    ]);
  });

  it("reads a disruption code from UTF-16 LE too", async () => {
    const events = fixtureJson<{ status: string }[]>("aws-currentevents.json");
    events[0]!.status = "3";
    upstream.set(eventsPath, { body: utf16WithBom(JSON.stringify(events), "le") });
    expect(observation(await poll({ currentEvents: true })).state).toBe("major_outage");
  });

  it("fails on a garbled current-events body", async () => {
    upstream.set(eventsPath, { body: new Uint8Array([0xfe, 0xff, 0x00, 0x5b, 0xd8]) });
    const result = await poll({ currentEvents: true });
    expect(result.kind).toBe("failed");
    expect(result.kind === "failed" && result.error).toContain("not valid JSON");
  });

  it("answers unchanged for the same documents, but re-reads while an event is open", async () => {
    const quiet = await poll();
    expect(await poll({}, { validators: quiet.validators })).toMatchObject({ kind: "unchanged" });

    upstream.set(servicePath, rss("aws-ec2-eu-west-3-disruption.rss"));
    const open = await poll({}, { validators: quiet.validators });
    expect(open.kind).toBe("observed");
    // The open event ages out with the clock alone, so the same bytes must be judged again.
    expect(open.validators.contentHash).toBeNull();
    expect((await poll({}, { validators: open.validators })).kind).toBe("observed");
  });

  it("fails on a feed that is not RSS", async () => {
    upstream.set(servicePath, { body: "<html><head><title>Maintenance</title></head></html>" });
    const result = await poll();
    expect(result).toMatchObject({ kind: "failed", retryable: false });
    expect(result.kind === "failed" && result.error).toContain("not an RSS or Atom feed");
  });
});
