import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../../api/domain/context.ts";
import { confirmRecheckMs, nextSlot } from "../../../../api/domain/dependencies/check-schedule.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { getDependency } from "../../../../api/domain/dependencies/get-dependency.ts";
import {
  clientErrorBaseDelayMs,
  maxRetryDelayMs,
  retryDelayMs,
} from "../../../../api/domain/dependencies/poll-outcome.ts";
import type { PollResult } from "../../../../api/domain/dependencies/poll-result.ts";
import { recordPollResult } from "../../../../api/domain/dependencies/record-poll-result.ts";
import type { DependencyState, UpstreamIncident } from "../../../../api/domain/types.ts";
import { auditLog, dependencyObservations } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const admin = systemActor("test");
const monitor = systemActor("monitor");
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const outage: UpstreamIncident = {
  id: "k1mlxlmdhqqp",
  title: "Elevated error rates on the REST API",
  url: "https://stspg.io/xkq3d9rtz",
  state: "major_outage",
};

const seen = (state: DependencyState, upstreamIncidents: UpstreamIncident[] = []): PollResult => ({
  kind: "observed",
  observation: { state, upstreamIncidents },
  validators: { etag: `"${state}"` },
});
const failure = (retryable = true): PollResult => ({
  kind: "failed",
  error: retryable ? "could not reach upstream (ECONNREFUSED)" : "upstream answered 404",
  retryable,
  validators: {},
});

async function dependency(confirmations?: number) {
  const { dependency } = await createDependency({
    ctx: { deps: t.deps, actor: admin },
    input: {
      name: "Stripe",
      source: { kind: "statuspage", base_url: "https://www.stripestatus.com" },
      ...(confirmations !== undefined && { confirmations }),
    },
  });
  return dependency.id;
}

/** Records each result one minute apart and returns the confirmed state after each. */
async function feed(id: string, ...results: PollResult[]): Promise<DependencyState[]> {
  const states: DependencyState[] = [];
  for (const result of results) {
    t.clock.advance(60_000);
    const recorded = await recordPollResult(t.deps, monitor, id, result);
    states.push(recorded!.dependency.state);
  }
  return states;
}

const history = async (id: string) =>
  (
    await getDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, historyLimit: 100 } })
  ).history.map((h) => [h.previousState, h.state]);

describe("the flap guard", () => {
  it("counts a new state only once seen twice in a row", async () => {
    const id = await dependency();
    expect(await feed(id, seen("operational"), seen("operational"))).toEqual(["unknown", "operational"]);
    expect(await feed(id, seen("degraded_performance"))).toEqual(["operational"]);
    expect(await feed(id, seen("degraded_performance"))).toEqual(["degraded_performance"]);
    expect(await history(id)).toEqual([
      ["operational", "degraded_performance"],
      ["unknown", "operational"],
    ]);
  });

  it("ignores one unknown between two good answers, and one blip of another state", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    const states = await feed(
      id,
      seen("unknown"),
      seen("operational"),
      seen("major_outage"),
      seen("operational"),
      seen("partial_outage"),
      seen("major_outage"),
    );
    expect(states.every((s) => s === "operational")).toBe(true);
    expect(await history(id)).toEqual([["unknown", "operational"]]);
  });

  it("needs as many sightings as configured; one is enough with confirmations 1", async () => {
    const three = await dependency(3);
    expect(await feed(three, seen("major_outage"), seen("major_outage"), seen("major_outage"))).toEqual([
      "unknown",
      "unknown",
      "major_outage",
    ]);
    const one = await dependency(1);
    expect(await feed(one, seen("partial_outage"))).toEqual(["partial_outage"]);
  });

  it("stores the upstream incidents with the change, and their later changes on the dependency only", async () => {
    const id = await dependency();
    await feed(id, seen("major_outage", [outage]), seen("major_outage", [outage]));
    const retitled = { ...outage, title: "Elevated error rates on the REST API in eu-west-3" };
    await feed(id, seen("major_outage", [retitled]));
    const detail = await getDependency({
      ctx: { deps: t.deps, actor: admin },
      input: { id, historyLimit: 10 },
    });
    expect(detail.dependency.upstreamIncidents).toEqual([retitled]);
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({
      state: "major_outage",
      previousState: "unknown",
      upstreamIncidents: [outage],
      error: null,
      observedAt: new Date("2026-11-27T12:02:00Z"),
    });
  });

  it("writes history rows and audit rows only when the state changes", async () => {
    const id = await dependency();
    await feed(id, ...Array.from({ length: 6 }, () => seen("operational")));
    await feed(id, seen("degraded_performance"), seen("degraded_performance"), seen("degraded_performance"));
    const rows = await t.deps.db
      .select()
      .from(dependencyObservations)
      .where(eq(dependencyObservations.dependencyId, id));
    expect(rows.map((r) => r.state)).toEqual(["operational", "degraded_performance"]);
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => [a.action, a.actor])).toEqual([
      ["dependency.create", "system:test"],
      ["dependency.state_change", "system:monitor"],
      ["dependency.state_change", "system:monitor"],
    ]);
  });
});

describe("failures", () => {
  it("make the dependency unknown after as many failures as confirmations, never operational", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    expect(await feed(id, failure(), failure())).toEqual(["operational", "unknown"]);
    const detail = await getDependency({
      ctx: { deps: t.deps, actor: admin },
      input: { id, historyLimit: 10 },
    });
    expect(detail.dependency).toMatchObject({
      consecutiveFailures: 2,
      lastError: "could not reach upstream (ECONNREFUSED)",
    });
    expect(detail.history[0]).toMatchObject({
      previousState: "operational",
      state: "unknown",
      error: "could not reach upstream (ECONNREFUSED)",
    });
    expect(await feed(id, seen("operational"), seen("operational"))).toEqual(["unknown", "operational"]);
    const after = await getDependency({
      ctx: { deps: t.deps, actor: admin },
      input: { id, historyLimit: 10 },
    });
    expect(after.dependency).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it("a single failure between good answers changes nothing", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    expect(await feed(id, failure(), seen("operational"), failure(), seen("operational"))).toEqual(
      Array(4).fill("operational"),
    );
    expect(await history(id)).toHaveLength(1);
  });

  it("back off exponentially up to 30 minutes, and longer after a 4xx", async () => {
    const id = await dependency();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      t.clock.advance(1_000);
      const recorded = await recordPollResult(t.deps, monitor, id, failure());
      delays.push(recorded!.dependency.nextCheckAt.getTime() - t.clock.now().getTime());
    }
    expect(delays.map((ms) => ms / 1000)).toEqual([120, 240, 480, 960, 1800, 1800, 1800, 1800]);
    expect(Math.max(...delays)).toBe(maxRetryDelayMs);

    const refused = await dependency();
    const first = await recordPollResult(t.deps, monitor, refused, failure(false));
    const wait = first!.dependency.nextCheckAt.getTime() - t.clock.now().getTime();
    expect(wait).toBe(clientErrorBaseDelayMs);
    expect(wait).toBeGreaterThan(delays[0]!);
    const second = await recordPollResult(t.deps, monitor, refused, failure(false));
    expect(second!.dependency.nextCheckAt.getTime() - t.clock.now().getTime()).toBe(
      2 * clientErrorBaseDelayMs,
    );
  });

  it("go back to the dependency's own slot after a good answer", async () => {
    const id = await dependency();
    await feed(id, failure(), failure(), failure());
    t.clock.advance(1_234);
    const recorded = await recordPollResult(t.deps, monitor, id, seen("unknown"));
    expect(recorded!.dependency.nextCheckAt).toEqual(nextSlot(id, 60, t.clock.now()));
    const wait = recorded!.dependency.nextCheckAt.getTime() - t.clock.now().getTime();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it("re-check a new state 10 s later instead of a whole interval, and confirm it then", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    t.clock.advance(60_000);
    const first = await recordPollResult(t.deps, monitor, id, seen("major_outage", [outage]));
    expect(first!.change).toBeNull();
    expect(first!.dependency.nextCheckAt).toEqual(new Date(t.clock.now().getTime() + confirmRecheckMs));
    t.clock.advance(confirmRecheckMs);
    const second = await recordPollResult(t.deps, monitor, id, seen("major_outage", [outage]));
    expect(second!.change).toMatchObject({ previous: "operational", next: "major_outage" });
    // Back on its slot afterwards, not 10 s later again.
    expect(second!.dependency.nextCheckAt).toEqual(nextSlot(id, 60, t.clock.now()));
  });

  it("still hold a blip back: seen once, then gone on the re-check, nothing changes", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    const blip = await recordPollResult(t.deps, monitor, id, seen("major_outage", [outage]));
    expect(blip!.change).toBeNull();
    t.clock.advance(confirmRecheckMs);
    const back = await recordPollResult(t.deps, monitor, id, seen("operational"));
    expect(back!.change).toBeNull();
    expect(back!.dependency).toMatchObject({ state: "operational", candidateState: null });
  });

  it("do not re-check a failure quickly: it backs off", async () => {
    const id = await dependency();
    await feed(id, seen("operational"), seen("operational"));
    const failed = await recordPollResult(t.deps, monitor, id, failure());
    expect(failed!.dependency.nextCheckAt.getTime() - t.clock.now().getTime()).toBe(120_000);
  });
});

describe("retry delays", () => {
  it("never check sooner than the interval, even a long one", () => {
    expect(retryDelayMs(3600, 0)).toBe(3_600_000);
    expect(retryDelayMs(3600, 3)).toBe(3_600_000);
    expect(retryDelayMs(3600, 3, false)).toBe(4 * 3_600_000);
    expect(retryDelayMs(3600, 5, false)).toBe(6 * 3_600_000);
    expect(retryDelayMs(10, 1, false)).toBe(300_000);
    expect(retryDelayMs(10, 50)).toBe(1_800_000);
  });
});

describe("an unchanged answer", () => {
  it("only moves the check times and keeps the validators", async () => {
    const id = await dependency();
    await feed(id, seen("major_outage", [outage]), seen("major_outage", [outage]));
    t.clock.advance(60_000);
    const recorded = await recordPollResult(t.deps, monitor, id, {
      kind: "unchanged",
      validators: { etag: '"v2"', contentHash: "abc" },
    });
    expect(recorded!.dependency).toMatchObject({
      state: "major_outage",
      upstreamIncidents: [outage],
      etag: '"v2"',
      contentHash: "abc",
      lastCheckedAt: t.clock.now(),
      nextCheckAt: nextSlot(id, 60, t.clock.now()),
    });
    expect(await history(id)).toHaveLength(1);
  });

  it("for a dependency deleted meanwhile is dropped", async () => {
    expect(await recordPollResult(t.deps, monitor, "dep_gone", seen("operational"))).toBeNull();
  });
});
