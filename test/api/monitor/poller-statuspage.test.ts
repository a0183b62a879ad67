import { describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createDependency } from "../../../api/domain/dependencies/create-dependency.ts";
import { getDependency } from "../../../api/domain/dependencies/get-dependency.ts";
import { type Monitor, startMonitor } from "../../../api/monitor/poller.ts";
import { createSourceRegistry } from "../../../api/monitor/sources/registry.ts";
import { createSafeFetch } from "../../../api/net/safe-fetch.ts";
import { testDbForEachTest } from "../../helpers/harness.ts";
import { stopAfterEach } from "../../helpers/per-test.ts";
import { fixture, fixtureJson, upstreamForEachTest } from "../../helpers/upstream-server.ts";

const t = testDbForEachTest();
const stopped = stopAfterEach<Monitor>();
const admin = systemActor("test");

const stateOf = async (id: string) =>
  (await getDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, historyLimit: 10 } })).dependency;

/** Moves the clock to the dependency's own next check (its slot, a re-check or a retry) and runs it. */
async function untilNextCheck(m: Monitor, id: string) {
  const due = (await stateOf(id)).nextCheckAt.getTime() - t.clock.now().getTime();
  expect(due).toBeGreaterThanOrEqual(0);
  t.clock.advance(due);
  m.wake();
  await m.idle();
}

describe("the monitor against a real Statuspage on loopback", () => {
  const upstream = upstreamForEachTest();

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
    const { dependency } = await createDependency({
      ctx: { deps: t.deps, actor: admin },
      input: {
        name: "Acme Cloud",
        source: { kind: "statuspage", base_url: upstream.url },
      },
    });
    const userAgent = "Vigie/0.1.0 (+https://github.com/vigie-status/vigie)";
    const monitor = stopped(
      startMonitor({
        deps: t.deps,
        registry: createSourceRegistry(),
        fetch: createSafeFetch({ allowPrivate: true, userAgent, timeoutMs: 2_000 }),
        userAgent,
        timeoutMs: 2_000,
      }),
    );
    await monitor.idle();
    const next = () => untilNextCheck(monitor, dependency.id);
    await next();
    await next();
    expect((await stateOf(dependency.id)).state).toBe("operational");
    expect(upstream.requests[0]?.headers["user-agent"]).toBe(userAgent);

    // Settled: the next check is conditional, and a 304 changes nothing.
    await next();
    expect(upstream.requests[2]?.headers["if-none-match"]).toBe('"healthy"');
    expect((await stateOf(dependency.id)).lastCheckedAt).toEqual(t.clock.now());

    upstream.set("/api/v2/summary.json", { body: outage, etag: '"outage"' });
    await next();
    expect((await stateOf(dependency.id)).state).toBe("operational");
    await next();
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
    await next();
    expect(await stateOf(dependency.id)).toMatchObject({ state: "major_outage", consecutiveFailures: 1 });
    await next();
    expect((await stateOf(dependency.id)).state).toBe("unknown");

    upstream.set("/api/v2/summary.json", { body: healthy, etag: '"healthy-again"' });
    await next();
    await next();
    expect((await stateOf(dependency.id)).state).toBe("operational");
    const history = (
      await getDependency({
        ctx: { deps: t.deps, actor: admin },
        input: { id: dependency.id, historyLimit: 10 },
      })
    ).history;
    expect(history.map((h) => `${h.previousState} → ${h.state}`)).toEqual([
      "unknown → operational",
      "major_outage → unknown",
      "operational → major_outage",
      "unknown → operational",
    ]);
  });
});
