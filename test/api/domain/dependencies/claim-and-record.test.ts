import { afterEach, describe, expect, it } from "vitest";
import { createDeps, type Deps, systemActor } from "../../../../api/domain/context.ts";
import { nextSlot } from "../../../../api/domain/dependencies/check-schedule.ts";
import {
  claimDueDependencies,
  type PollJob,
} from "../../../../api/domain/dependencies/claim-due-dependencies.ts";
import { createDependency } from "../../../../api/domain/dependencies/create-dependency.ts";
import { deleteDependency } from "../../../../api/domain/dependencies/delete-dependency.ts";
import { getDependency } from "../../../../api/domain/dependencies/get-dependency.ts";
import type { PollResult } from "../../../../api/domain/dependencies/poll-result.ts";
import { recordPollResult } from "../../../../api/domain/dependencies/record-poll-result.ts";
import { requestCheck } from "../../../../api/domain/dependencies/request-check.ts";
import { updateDependency } from "../../../../api/domain/dependencies/update-dependency.ts";
import { silentLogger } from "../../../../api/domain/logger.ts";
import { createDb } from "../../../../db/client.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const closing: (() => void)[] = [];
afterEach(() => {
  for (const close of closing.splice(0)) close();
  t.close();
});

const admin = systemActor("test");
const monitor = systemActor("monitor");
const leaseMs = 60_000;
const operational: PollResult = {
  kind: "observed",
  observation: { state: "operational", upstreamIncidents: [] },
  validators: { etag: '"v1"' },
};
const outage: PollResult = {
  kind: "observed",
  observation: {
    state: "major_outage",
    upstreamIncidents: [{ id: "inc1", title: "API errors", state: "major_outage" }],
  },
  validators: { etag: '"v2"' },
};

async function dependency(name: string) {
  const { dependency } = await createDependency({
    ctx: { deps: t.deps, actor: admin },
    input: {
      name,
      source: { kind: "statuspage", base_url: `https://${name}.test` },
    },
  });
  return dependency.id;
}

/** Counts the transactions and the single-statement writes that go through these deps. */
function counted(deps: Deps) {
  const count = { transactions: 0, statements: 0 };
  const wrapped: Deps = {
    ...deps,
    write: (fn) => {
      count.transactions++;
      return deps.write(fn);
    },
    writeStatement: (fn) => {
      count.statements++;
      return deps.writeStatement(fn);
    },
  };
  return { deps: wrapped, count };
}

/** Claims the one due dependency (the clock moved a whole interval on) and returns its job. */
async function claimOne(deps: Deps): Promise<PollJob> {
  const { jobs } = await claimDueDependencies(deps, { limit: 1, leaseMs });
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

/** Settles a dependency as operational: a first reading, then its confirmation. */
async function settle(id: string) {
  for (let i = 0; i < 2; i++) {
    t.clock.advance(60_000);
    await recordPollResult(t.deps, monitor, id, operational);
  }
}

const rowOf = async (id: string) =>
  (await getDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, historyLimit: 10 } })).dependency;

describe("claiming due dependencies", () => {
  it("takes the due ones oldest first, leases them, and says when the next one is due", async () => {
    t = await createTestDb();
    const ids = [await dependency("a"), await dependency("b"), await dependency("c")];
    t.clock.advance(60_000);
    const rows = await Promise.all(ids.map(rowOf));
    const oldestFirst = rows
      .sort((x, y) => x.nextCheckAt.getTime() - y.nextCheckAt.getTime())
      .map((r) => r.id);

    const { count, deps } = counted(t.deps);
    const first = await claimDueDependencies(deps, { limit: 2, leaseMs });
    expect(first.jobs.map((j) => j.id).sort()).toEqual(oldestFirst.slice(0, 2).sort());
    expect(count).toEqual({ transactions: 0, statements: 1 });
    const leaseEnd = t.clock.now().getTime() + leaseMs;
    for (const job of first.jobs) expect((await rowOf(job.id)).nextCheckAt.getTime()).toBe(leaseEnd);
    // The third is still due: the next check is due now.
    expect(first.nextDueAt?.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());

    const second = await claimDueDependencies(deps, { limit: 2, leaseMs });
    expect(second.jobs.map((j) => j.id)).toEqual([oldestFirst[2]]);
    // Nothing left but the leases.
    expect(second.nextDueAt?.getTime()).toBe(leaseEnd);
    expect((await claimDueDependencies(deps, { limit: 2, leaseMs })).jobs).toEqual([]);
  });

  it("never hands the same dependency to two monitors sharing the database", async () => {
    t = await createTestDb({ storage: "file" });
    for (let i = 0; i < 6; i++) await dependency(`d${i}`);
    const other = createDb({ url: `file:${t.file}` });
    closing.push(() => other.close());
    const otherDeps = createDeps({ handle: other, clock: t.clock, logger: silentLogger });
    t.clock.advance(60_000);
    const [a, b] = await Promise.all([
      claimDueDependencies(t.deps, { limit: 4, leaseMs }),
      claimDueDependencies(otherDeps, { limit: 4, leaseMs }),
    ]);
    const taken = [...a.jobs, ...b.jobs].map((j) => j.id);
    expect(taken).toHaveLength(6);
    expect(new Set(taken).size).toBe(6);
  });
});

describe("recording a check against its claim", () => {
  it("writes a result that confirms nothing in one statement, without a transaction", async () => {
    t = await createTestDb();
    const id = await dependency("a");
    await settle(id);
    t.clock.advance(60_000);
    const { count, deps } = counted(t.deps);
    const job = await claimOne(deps);
    const recorded = await recordPollResult(
      deps,
      monitor,
      id,
      { kind: "unchanged", validators: {} },
      job.claimed,
    );
    expect(count).toEqual({ transactions: 0, statements: 2 });
    expect(recorded).toMatchObject({ change: null, dependency: { state: "operational" } });
    // The same row as recorded the long way: check times moved, validators and state kept.
    expect(await rowOf(id)).toMatchObject({
      state: "operational",
      etag: null,
      lastCheckedAt: t.clock.now(),
      nextCheckAt: nextSlot(id, 60, t.clock.now()),
      candidateState: null,
    });
    expect(recorded!.dependency.nextCheckAt).toEqual(nextSlot(id, 60, t.clock.now()));
  });

  it("keeps a first sighting as the candidate in one statement, and confirms it in a transaction", async () => {
    t = await createTestDb();
    const id = await dependency("a");
    await settle(id);
    const { count, deps } = counted(t.deps);
    t.clock.advance(60_000);
    await recordPollResult(deps, monitor, id, outage, (await claimOne(deps)).claimed);
    expect(await rowOf(id)).toMatchObject({
      state: "operational",
      candidateState: "major_outage",
      candidateCount: 1,
    });
    expect(count).toEqual({ transactions: 0, statements: 2 });
    t.clock.advance(10_000);
    const confirmed = await recordPollResult(deps, monitor, id, outage, (await claimOne(deps)).claimed);
    expect(confirmed!.change).toMatchObject({ previous: "operational", next: "major_outage" });
    expect(count.transactions).toBe(1);
    expect(await rowOf(id)).toMatchObject({ state: "major_outage", candidateState: null });
  });

  it("reads the row again when an admin changed it during the check", async () => {
    t = await createTestDb();
    const id = await dependency("a");
    await settle(id);
    t.clock.advance(60_000);
    const job = await claimOne(t.deps);
    // One sighting is now enough: the claim's copy (two needed) must not decide.
    await updateDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, confirmations: 1 } });
    const recorded = await recordPollResult(t.deps, monitor, id, outage, job.claimed);
    expect(recorded!.change).toMatchObject({ previous: "operational", next: "major_outage" });
    expect((await rowOf(id)).state).toBe("major_outage");
  });

  it("reads the row again after a check now or a disable during the check, as without a claim", async () => {
    t = await createTestDb();
    const id = await dependency("a");
    await settle(id);
    t.clock.advance(60_000);
    const job = await claimOne(t.deps);
    await requestCheck({ ctx: { deps: t.deps, actor: admin }, input: { id } });
    await updateDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, enabled: false } });
    const recorded = await recordPollResult(t.deps, monitor, id, operational, job.claimed);
    expect(recorded!.dependency.enabled).toBe(false);
    expect((await rowOf(id)).lastCheckedAt).toEqual(t.clock.now());
  });

  it("drops the result of a dependency deleted during the check", async () => {
    t = await createTestDb();
    const id = await dependency("a");
    t.clock.advance(60_000);
    const job = await claimOne(t.deps);
    await deleteDependency({ ctx: { deps: t.deps, actor: admin }, input: { id } });
    expect(await recordPollResult(t.deps, monitor, id, operational, job.claimed)).toBeNull();
  });
});
