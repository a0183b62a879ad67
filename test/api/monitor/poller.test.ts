import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deps } from "../../../api/domain/context.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { createDependency } from "../../../api/domain/dependencies/create-dependency.ts";
import { getDependency } from "../../../api/domain/dependencies/get-dependency.ts";
import type { SourceConfig } from "../../../api/domain/dependencies/source-schema.ts";
import type { DependencyState } from "../../../api/domain/types.ts";
import { type Monitor, startMonitor } from "../../../api/monitor/poller.ts";
import { createSourceRegistry } from "../../../api/monitor/sources/registry.ts";
import type { PollContext, PollResult, SourceRegistry } from "../../../api/monitor/sources/types.ts";
import { createSafeFetch } from "../../../api/net/safe-fetch.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";
import {
  fixture,
  fixtureJson,
  loopbackFetch,
  startUpstreamServer,
  type UpstreamServer,
} from "../../helpers/upstream-server.ts";

let t: TestDb;
let monitor: Monitor | undefined;
const admin = systemActor("test");
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
  t.close();
});

type Answer = (source: SourceConfig, ctx: PollContext) => PollResult | Promise<PollResult>;

/** A registry whose every adapter answers what the test scripts. */
function scriptedRegistry(answer: Answer): SourceRegistry {
  const adapter = { poll: async (source: SourceConfig, ctx: PollContext) => answer(source, ctx) };
  return {
    statuspage: adapter,
    aws: adapter,
    gcp: adapter,
    azure: adapter,
    slack: adapter,
    feed: adapter,
    http: adapter,
  };
}

const seen = (state: DependencyState): PollResult => ({
  kind: "observed",
  observation: { state, upstreamIncidents: [] },
  validators: {},
});

const start = (answer: Answer, options: { concurrency?: number; timeoutMs?: number; deps?: Deps } = {}) => {
  monitor = startMonitor({
    deps: options.deps ?? t.deps,
    registry: scriptedRegistry(answer),
    fetch: loopbackFetch,
    userAgent: "Vigie-test/1.0",
    timeoutMs: options.timeoutMs ?? 1_000,
    concurrency: options.concurrency ?? 4,
  });
  return monitor;
};

const dependency = async (url: string, poll_interval_seconds = 60) =>
  (await createDependency(t.deps, admin, { name: url, source: { kind: "http", url }, poll_interval_seconds }))
    .dependency.id;

const stateOf = async (id: string) =>
  (await getDependency(t.deps, admin, id, { historyLimit: 10 })).dependency;

/** Moves the fake clock on, wakes the monitor and waits until the due checks are recorded. */
async function tick(m: Monitor, ms: number) {
  t.clock.advance(ms);
  m.wake();
  await m.idle();
}

describe("the monitor", () => {
  it("checks due dependencies, confirms a change on the second sighting, and waits for the next due time", async () => {
    const upstream = new Map<string, DependencyState>([
      ["https://a.test/", "operational"],
      ["https://b.test/", "operational"],
    ]);
    const calls: string[] = [];
    const a = await dependency("https://a.test/");
    const b = await dependency("https://b.test/", 120);
    const m = start((source) => {
      const url = (source as { url: string }).url;
      calls.push(url);
      return seen(upstream.get(url)!);
    });
    await m.idle();
    expect(calls.sort()).toEqual(["https://a.test/", "https://b.test/"]);
    await tick(m, 60_000);
    expect(calls).toHaveLength(3); // b is due every two minutes
    expect((await stateOf(a)).state).toBe("operational");
    expect((await stateOf(b)).state).toBe("unknown");

    upstream.set("https://a.test/", "major_outage");
    await tick(m, 60_000);
    expect((await stateOf(a)).state).toBe("operational");
    expect((await stateOf(b)).state).toBe("operational");
    await tick(m, 60_000);
    expect((await stateOf(a)).state).toBe("major_outage");
    const history = (await getDependency(t.deps, admin, a, { historyLimit: 10 })).history;
    expect(history.map((h) => h.state)).toEqual(["major_outage", "operational"]);

    // Nothing is due: a wake does not check anything.
    const before = calls.length;
    m.wake();
    await m.idle();
    expect(calls).toHaveLength(before);
  });

  it("checks at most `concurrency` dependencies at once, and stop() waits for those in flight", async () => {
    for (let i = 0; i < 7; i++) await dependency(`https://d${i}.test/`);
    let running = 0;
    let peak = 0;
    let finished = 0;
    let secondRoundStarted = () => {};
    const secondRound = new Promise<void>((resolve) => {
      secondRoundStarted = resolve;
    });
    const m = start(
      async () => {
        if (finished >= 7) secondRoundStarted();
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        finished++;
        return seen("operational");
      },
      { concurrency: 3 },
    );
    await m.idle();
    expect(finished).toBe(7);
    expect(peak).toBe(3);

    t.clock.advance(60_000);
    m.wake();
    await secondRound;
    await m.stop();
    expect(running).toBe(0);
    const recorded = await Promise.all(
      (await t.deps.db.query.dependencies.findMany()).map((d) => d.lastCheckedAt?.getTime()),
    );
    // Those started before stop() were recorded; none was started after.
    expect(recorded.filter((at) => at === t.clock.now().getTime()).length).toBe(finished - 7);
    expect(finished - 7).toBeGreaterThan(0);
    expect(finished - 7).toBeLessThanOrEqual(3);
  });

  it("records an adapter that throws, or never answers, as a failure", async () => {
    const throws = await dependency("https://throws.test/");
    const hangs = await dependency("https://hangs.test/");
    const m = start(
      (source) => {
        if ((source as { url: string }).url === "https://throws.test/") throw new Error("parser exploded");
        return new Promise<PollResult>(() => {});
      },
      { timeoutMs: 50 },
    );
    await m.idle();
    expect(await stateOf(throws)).toMatchObject({
      consecutiveFailures: 1,
      lastError: expect.stringContaining("parser exploded"),
    });
    expect(await stateOf(hangs)).toMatchObject({
      consecutiveFailures: 1,
      lastError: "no answer within 1100 ms",
    });
  });

  it("sleeps while nothing is due instead of polling the database", async () => {
    await dependency("https://a.test/");
    let reads = 0;
    const counting: Deps = {
      ...t.deps,
      read: (fn) => {
        reads++;
        return t.deps.read(fn);
      },
    };
    const m = start(() => seen("operational"), { deps: counting });
    await m.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads - after).toBe(0);
    expect(after).toBeLessThan(10);
  });

  it("passes its validators only when the state is settled", async () => {
    const id = await dependency("https://a.test/");
    const validators: unknown[] = [];
    const m = start((_source, ctx) => {
      validators.push(ctx.validators);
      return {
        kind: "observed",
        observation: { state: "operational", upstreamIncidents: [] },
        validators: { etag: '"v1"' },
      };
    });
    await m.idle();
    await tick(m, 60_000);
    await tick(m, 60_000);
    expect((await stateOf(id)).state).toBe("operational");
    // First check: none known yet; second: a new state awaits confirmation, so a full answer is needed.
    expect(validators).toEqual([
      { etag: null, lastModified: null, contentHash: null },
      {},
      { etag: '"v1"', lastModified: null, contentHash: null },
    ]);
  });
});

describe("the monitor against a real Statuspage on loopback", () => {
  let upstream: UpstreamServer;
  beforeEach(async () => {
    upstream = await startUpstreamServer();
  });
  afterEach(() => upstream.close());

  const outage = fixture("statuspage-summary-outage.json");
  const healthy = (() => {
    const summary = fixtureJson<{ components: { status: string }[]; incidents: unknown[] }>(
      "statuspage-summary-outage.json",
    );
    for (const c of summary.components) c.status = "operational";
    return JSON.stringify({ ...summary, incidents: [], scheduled_maintenances: [] });
  })();

  it("detects the outage and the recovery through the real adapter and the safe fetch", async () => {
    upstream.set("/api/v2/summary.json", { body: healthy, etag: '"healthy"' });
    const { dependency } = await createDependency(t.deps, admin, {
      name: "Acme Cloud",
      source: { kind: "statuspage", base_url: upstream.url },
    });
    const userAgent = "Vigie/0.1.0 (+https://github.com/vigie-status/vigie)";
    monitor = startMonitor({
      deps: t.deps,
      registry: createSourceRegistry(),
      fetch: createSafeFetch({ allowPrivate: true, userAgent, timeoutMs: 2_000 }),
      userAgent,
      timeoutMs: 2_000,
    });
    await monitor.idle();
    await tick(monitor, 60_000);
    expect((await stateOf(dependency.id)).state).toBe("operational");
    expect(upstream.requests[0]?.headers["user-agent"]).toBe(userAgent);

    // Settled: the next check is conditional, and a 304 changes nothing.
    await tick(monitor, 60_000);
    expect(upstream.requests[2]?.headers["if-none-match"]).toBe('"healthy"');
    expect((await stateOf(dependency.id)).lastCheckedAt).toEqual(t.clock.now());

    upstream.set("/api/v2/summary.json", { body: outage, etag: '"outage"' });
    await tick(monitor, 60_000);
    expect((await stateOf(dependency.id)).state).toBe("operational");
    await tick(monitor, 60_000);
    const down = await stateOf(dependency.id);
    expect(down.state).toBe("major_outage");
    expect(down.upstreamIncidents.map((i) => i.title)).toContain(
      "Elevated error rates and timeouts on the REST API in eu-west-3",
    );

    upstream.set("/api/v2/summary.json", {
      status: 500,
      body: "<html>oops</html>",
      contentType: "text/html",
    });
    await tick(monitor, 60_000);
    expect(await stateOf(dependency.id)).toMatchObject({ state: "major_outage", consecutiveFailures: 1 });
    await tick(monitor, 120_000);
    expect((await stateOf(dependency.id)).state).toBe("unknown");

    upstream.set("/api/v2/summary.json", { body: healthy, etag: '"healthy-again"' });
    await tick(monitor, 240_000);
    await tick(monitor, 60_000);
    expect((await stateOf(dependency.id)).state).toBe("operational");
    const history = (await getDependency(t.deps, admin, dependency.id, { historyLimit: 10 })).history;
    expect(history.map((h) => `${h.previousState} → ${h.state}`)).toEqual([
      "unknown → operational",
      "major_outage → unknown",
      "operational → major_outage",
      "unknown → operational",
    ]);
  });
});
