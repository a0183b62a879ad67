import { afterEach, describe, expect, it } from "vitest";
import type { Monitor } from "../../../api/monitor/poller.ts";
import { startDependencyMonitor } from "../../../api/monitor/start-dependency-monitor.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";
import { serveReal } from "../../helpers/real-corpus.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";
import { startUpstreamServer, type UpstreamServer } from "../../helpers/upstream-server.ts";

/**
 * The three cases that used to lie, end to end: real provider documents served from loopback, the
 * real monitor (registry, safe fetch), and the API of a running server.
 */
let t: TestApp;
let server: Served;
let upstream: UpstreamServer;
let monitor: Monitor;

async function setUp(at: string) {
  t = await createTestApp({ now: new Date(at) });
  server = await serveApp(t.app);
  upstream = await startUpstreamServer();
  upstream.set("*", { status: 404, body: "Not Found" });
  expect((await api("PATCH", "/api/admin/settings", { allow_private_targets: true })).status).toBe(200);
  monitor = startDependencyMonitor({ deps: t.deps, timeoutMs: 2_000 });
}
afterEach(async () => {
  await monitor.stop();
  await upstream.close();
  await server.close();
  t.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${t.tokens.owner}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A component hit by the dependency's outages, and the dependency itself. */
async function watch(source: Record<string, unknown>, on = "degraded_performance") {
  const component = await api("POST", "/api/admin/components", { name: "Checkout" });
  const created = await api("POST", "/api/admin/dependencies", {
    name: "Provider",
    source,
    impacts: [{ component_id: component.body.id, on, set: "partial_outage" }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** Moves the clock to the dependency's own next check and lets the monitor make it. */
async function nextCheck(id: string) {
  const dependency = (await api("GET", `/api/admin/dependencies/${id}`)).body;
  t.clock.set(new Date(Math.max(Date.parse(dependency.next_check_at), t.clock.now().getTime())));
  monitor.wake();
  await monitor.idle();
}

const dependencyOf = async (id: string) => (await api("GET", `/api/admin/dependencies/${id}`)).body;
const incidents = async (published: boolean) =>
  (await api("GET", `/api/admin/incidents?published=${published}`)).body.incidents as {
    id: string;
    status: string;
  }[];

describe("an incident.io page on a quiet day", () => {
  it("reads as operational, not unknown, and drafts nothing", async () => {
    await setUp("2021-12-01T08:05:47Z");
    // A real document without incident lists, as incident.io pages answer when nothing is open.
    serveReal(upstream, "/api/v2/summary.json", "statuspage-github-components.json");
    const id = await watch({ kind: "statuspage", base_url: upstream.url });
    await nextCheck(id);
    await nextCheck(id);
    const dependency = await dependencyOf(id);
    expect(dependency.state).toBe("operational");
    expect(dependency.last_error).toBeNull();
    expect(await incidents(false)).toEqual([]);
  });
});

describe("AWS current-events status 1", () => {
  it("is a partial outage: the dependency says so and an incident is drafted", async () => {
    await setUp("2026-08-18T12:20:30Z");
    serveReal(upstream, "/rss/ec2-me-south-1.rss", "aws-all-2026-08-18.rss");
    serveReal(upstream, "/rss/multipleservices-me-south-1.rss", "aws-all-2026-08-18.rss");
    serveReal(upstream, "/public/currentevents", "aws-currentevents-DERIVED-middle-east-2026-08-18.json");
    const id = await watch({
      kind: "aws",
      service: "ec2",
      region: "me-south-1",
      base_url: upstream.url,
      current_events_url: `${upstream.url}/public/currentevents`,
    });
    await nextCheck(id);
    await nextCheck(id);
    const dependency = await dependencyOf(id);
    expect(dependency.state).toBe("partial_outage");
    expect(dependency.upstream_incidents.map((i: { title: string }) => i.title)).toEqual([
      "Increased Connectivity Issues and API Error Rates",
    ]);
    const drafts = await incidents(false);
    expect(drafts).toHaveLength(1);
  });
});

describe("AWS falling silent on an event it never resolved", () => {
  it("turns the dependency unknown with the reason, keeps the incident open, posts no recovery", async () => {
    // 3 March 2026, while AWS was still posting about ME-CENTRAL-1; current events not read.
    await setUp("2026-03-03T18:00:00Z");
    serveReal(upstream, "/rss/ec2-me-central-1.rss", "aws-all-2026-08-18.rss");
    serveReal(upstream, "/rss/multipleservices-me-central-1.rss", "aws-all-2026-08-18.rss");
    const id = await watch(
      {
        kind: "aws",
        service: "ec2",
        region: "me-central-1",
        use_current_events: false,
        base_url: upstream.url,
      },
      "major_outage",
    );
    await nextCheck(id);
    await nextCheck(id);
    expect((await dependencyOf(id)).state).toBe("major_outage");
    const [draft] = await incidents(false);
    expect(draft).toBeDefined();
    const before = (await api("GET", `/api/admin/incidents/${draft!.id}`)).body;

    // A day and more without a word from AWS (its last post was at 16:14 UTC on 3 March).
    t.clock.set(new Date("2026-03-04T17:00:00Z"));
    await nextCheck(id);
    await nextCheck(id);
    const silent = await dependencyOf(id);
    expect(silent.state).toBe("unknown");
    expect(silent.last_error).toMatch(/^no news from AWS for 24 h on an event it has not resolved/);
    const after = (await api("GET", `/api/admin/incidents/${draft!.id}`)).body;
    expect(after.status).not.toBe("resolved");
    expect(after.status).toBe(before.status);
    const statuses = (after.incident_updates as { status: string }[]).map((u) => u.status);
    expect(statuses).not.toContain("resolved");
    expect(statuses).toEqual((before.incident_updates as { status: string }[]).map((u) => u.status));
    const history = (await dependencyOf(id)).history as { state: string }[];
    expect(history.map((h) => h.state)).toEqual(["unknown", "major_outage"]);
  });
});
