import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { dependencies, dependencyIncidents, incidents } from "../../db/schema/index.ts";
import { type BenchChild, serverFlags, startBenchChild } from "./bench-child.ts";
import type { Benchmark, BenchOutcome } from "./benchmark.ts";
import { idleServerCpuMsPerSecond } from "./monitor-idle.ts";
import {
  defaultIntervalSeconds,
  dependencyCount,
  flippedIndexes,
  type PlannedDependency,
} from "./monitor-plan.ts";
import { detectionTargetMs, monitorReport } from "./monitor-report.ts";
import { registerDependencies } from "./monitor-seed.ts";
import type { MonitorServerReport } from "./monitor-server-process.ts";
import type { FixturesMessage, FixturesReport } from "./upstream-fixtures-process.ts";

/**
 * The run's timing at a poll interval: the first upstream goes down once every dependency has been
 * read and confirmed, the flips are spread over one interval so that they land at every phase of the
 * poll cycle, and the window lasts until the last flip has had its detection target.
 */
export function monitorTiming(intervalSeconds: number) {
  const intervalMs = intervalSeconds * 1000;
  const firstFlipMs = 2 * intervalMs;
  return {
    intervalMs,
    firstFlipMs,
    flipSpacingMs: intervalMs / flippedIndexes.length,
    defaultWindowSeconds: Math.ceil((firstFlipMs + intervalMs + detectionTargetMs(intervalMs)) / 1000) + 10,
  };
}

/** Long enough for a steady per-second figure, short next to the run itself. */
const idleSeconds = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface Flip {
  planned: PlannedDependency;
  dueAt: number;
  /** When the fixture switched (epoch ms). */
  at?: number;
}

export interface Observed {
  startedAt: number;
  flips: Flip[];
  rssSamples: { atMs: number; rss: number }[];
}

/**
 * Runs the window: flips the chosen upstreams to an outage on schedule and samples the server's RSS
 * every second. Bounded by the window's end.
 */
async function observe(
  server: BenchChild<unknown>,
  fixtures: BenchChild<unknown>,
  plannedById: Map<string, PlannedDependency>,
  startedAt: number,
  windowMs: number,
  timing: ReturnType<typeof monitorTiming>,
): Promise<Observed> {
  const byIndex = new Map([...plannedById.values()].map((p) => [p.index, p]));
  const flips: Flip[] = flippedIndexes.map((index, k) => ({
    planned: byIndex.get(index)!,
    dueAt: startedAt + timing.firstFlipMs + k * timing.flipSpacingMs,
  }));
  const rssSamples: Observed["rssSamples"] = [];
  const endAt = startedAt + windowMs;
  let nextSampleAt = startedAt + 1000;
  while (Date.now() < endAt) {
    for (const flip of flips) {
      if (flip.at !== undefined || Date.now() < flip.dueAt) continue;
      const message: FixturesMessage = { flip: flip.planned.index };
      flip.at = (await fixtures.ask<{ at: number }>(message)).at;
    }
    if (Date.now() >= nextSampleAt) {
      const { rss } = await server.ask<MonitorServerReport>("report");
      rssSamples.push({ atMs: Date.now() - startedAt, rss });
      nextSampleAt += 1000;
    }
    await sleep(Math.min(50, endAt - Date.now()));
  }
  return { startedAt, flips, rssSamples };
}

/** What the monitor left in the database: the drafts it opened (with when) and the dependencies' states. */
export async function monitorOutcome(deps: Deps) {
  const drafts = await deps.read((db) =>
    db
      .select({
        dependencyId: dependencyIncidents.dependencyId,
        createdAt: dependencyIncidents.createdAt,
        published: incidents.published,
      })
      .from(dependencyIncidents)
      .innerJoin(incidents, eq(incidents.id, dependencyIncidents.incidentId)),
  );
  const states = await deps.read((db) =>
    db.select({ state: dependencies.state, n: count() }).from(dependencies).groupBy(dependencies.state),
  );
  return { drafts, states };
}

/**
 * 200 dependencies of every source kind, polled at the default interval by the server's monitor (its
 * own process, started like `npm start`) against loopback fixtures served by another process. Ten
 * upstreams go down during the run; each must have its draft incident within one interval and the
 * 10 s re-check.
 */
export const monitorPoll: Benchmark = {
  name: "monitor-poll",
  description: `${dependencyCount} dependencies polled every ${defaultIntervalSeconds} s by default (--interval=S): monitor CPU share, RSS, upstream outage → draft incident`,
  async run({ options, progress }): Promise<BenchOutcome> {
    const timing = monitorTiming(options.intervalSeconds ?? defaultIntervalSeconds);
    const windowMs = (options.windowSeconds ?? timing.defaultWindowSeconds) * 1000;
    const dir = mkdtempSync(join(tmpdir(), "vigie-bench-monitor-"));
    const file = join(dir, "vigie.db");
    const handle = createDb({ url: `file:${file}` });
    const children: BenchChild<unknown>[] = [];
    try {
      await migrateDb(handle);
      const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
      progress(`measuring the server's own CPU with nothing to check (${idleSeconds} s)`);
      const idleCpuMsPerSecond = await idleServerCpuMsPerSecond(dir, idleSeconds);
      const fixtures = await startBenchChild<{ urls: string[] }>(
        "test/bench/upstream-fixtures-process.ts",
        [],
      );
      children.push(fixtures);
      const hosts = new Set(fixtures.first.urls).size;
      progress(`registering ${dependencyCount} dependencies against ${hosts} upstream hosts on loopback`);
      const plannedById = await registerDependencies(deps, fixtures.first.urls, timing.intervalMs / 1000);
      const profileDir = options.cpuProfileDir;
      const profileFlags = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
      const server = await startBenchChild<{ url: string }>("test/bench/monitor-server-process.ts", [file], {
        flags: [...serverFlags, ...profileFlags],
      });
      children.push(server);
      // The monitor is running: the window (and the CPU it is charged) starts now.
      const startedAt = Date.now();
      const before = await server.ask<MonitorServerReport>("report");
      const fixturesBefore = await fixtures.ask<FixturesReport>("report");
      const loadBefore = loadavg();
      progress(
        `polling every ${timing.intervalMs / 1000} s for ${windowMs / 1000} s; upstreams go down from t = ${timing.firstFlipMs / 1000} s`,
      );
      const observed = await observe(server, fixtures, plannedById, startedAt, windowMs, timing);
      const after = await server.ask<MonitorServerReport>("report");
      const wallMs = Date.now() - startedAt;
      const fixturesAfter = await fixtures.ask<FixturesReport>("report");
      const loadAfter = loadavg();
      const { drafts, states } = await monitorOutcome(deps);
      return monitorReport({
        intervalMs: timing.intervalMs,
        windowMs,
        wallMs,
        before,
        after,
        checks: fixturesAfter.checks - fixturesBefore.checks,
        requests: fixturesAfter.requests - fixturesBefore.requests,
        conditional: fixturesAfter.conditional - fixturesBefore.conditional,
        connections: fixturesAfter.connections - fixturesBefore.connections,
        observed,
        plannedById,
        drafts,
        states,
        load: [loadBefore, loadAfter],
        idleCpuMsPerSecond,
      });
    } finally {
      for (const child of children.reverse()) await child.close();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
