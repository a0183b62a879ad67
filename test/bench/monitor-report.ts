import { confirmRecheckMs } from "../../api/domain/dependencies/check-schedule.ts";
import type { BenchOutcome } from "./benchmark.ts";
import { fixed, int, table } from "./format.ts";
import { dependencyCount, flippedIndexes, type PlannedDependency } from "./monitor-plan.ts";
import type { monitorOutcome, Observed } from "./monitor-poll.ts";
import type { MonitorServerReport } from "./monitor-server-process.ts";

/**
 * A change is seen at the dependency's next slot (at most one interval after it happened) and
 * confirmed by the quick re-check that follows.
 */
export const detectionTargetMs = (intervalMs: number) => intervalMs + Math.min(confirmRecheckMs, intervalMs);

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${fixed(ms / 1000, 1)} s`;
const median = (values: number[]) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export interface MonitorFigures {
  intervalMs: number;
  windowMs: number;
  wallMs: number;
  before: MonitorServerReport;
  after: MonitorServerReport;
  checks: number;
  requests: number;
  conditional: number;
  connections: number;
  observed: Observed;
  plannedById: Map<string, PlannedDependency>;
  drafts: Awaited<ReturnType<typeof monitorOutcome>>["drafts"];
  states: Awaited<ReturnType<typeof monitorOutcome>>["states"];
  load: [number[], number[]];
  /** CPU the same server spends per second with nothing to check (see monitor-idle.ts). */
  idleCpuMsPerSecond: number;
}

/**
 * The figures of one run, and the verdict: every flipped upstream has its draft within the target,
 * nothing else opened one, nothing was published, no check failed and the monitor kept its pace.
 */
export function monitorReport(f: MonitorFigures): BenchOutcome {
  const targetMs = detectionTargetMs(f.intervalMs);
  const cpuMs = f.after.cpuMs - f.before.cpuMs;
  const cpuShare = cpuMs / f.wallMs;
  const idleMs = (f.idleCpuMsPerSecond * f.wallMs) / 1000;
  const perCheck = (ms: number) => `${fixed(ms / Math.max(1, f.checks), 1)} ms`;
  const steady = median(f.observed.rssSamples.filter((s) => s.atMs >= f.windowMs / 2).map((s) => s.rss));
  const expected = (dependencyCount * f.windowMs) / f.intervalMs;
  const flippedIds = new Set(
    [...f.plannedById].filter(([, p]) => flippedIndexes.includes(p.index)).map(([id]) => id),
  );
  const draftOf = new Map(f.drafts.map((d) => [f.plannedById.get(d.dependencyId)?.index, d]));
  // The draft's creation time is taken in the transaction that records the confirming check and
  // creates it: it is when the draft came to exist, to within that transaction's few milliseconds.
  const rows = f.observed.flips.map((flip) => {
    const draft = draftOf.get(flip.planned.index);
    const latency = draft && flip.at !== undefined ? draft.createdAt.getTime() - flip.at : undefined;
    return { flip, latency };
  });
  const latencies = rows.flatMap((r) => (r.latency === undefined ? [] : [r.latency]));
  const spurious = f.drafts.filter((d) => !flippedIds.has(d.dependencyId)).length;
  const published = f.drafts.filter((d) => d.published).length;
  const worst = latencies.length ? Math.max(...latencies) : Number.NaN;
  const detected = latencies.length === rows.length;
  const pass =
    detected &&
    worst <= targetMs &&
    spurious === 0 &&
    published === 0 &&
    f.after.failedChecks === 0 &&
    f.after.errors === 0 &&
    f.checks >= expected * 0.9;
  const at = (ms: number | undefined) => (ms === undefined ? "-" : seconds(ms - f.observed.startedAt));
  const load = (l: number[]) => l.map((n) => fixed(n)).join(" / ");
  return {
    report: [
      `window ${seconds(f.wallMs)}; load average (1/5/15 min) ${load(f.load[0])} before, ${load(f.load[1])} after`,
      "",
      ...table(
        ["monitor process", "figure"],
        [
          [
            "CPU share",
            `${fixed(cpuShare * 100, 1)}% of one core (${seconds(f.after.cpuMs - f.before.cpuMs)} CPU)`,
          ],
          ["CPU per check", `${perCheck(cpuMs)} (all of the process's CPU over the checks)`],
          [
            "idle server",
            `${fixed(f.idleCpuMsPerSecond, 1)} ms of CPU per second with nothing to check (${seconds(idleMs)} of the window)`,
          ],
          ["CPU per check, idle cost apart", perCheck(Math.max(0, cpuMs - idleMs))],
          ["RSS at start", mb(f.before.rss)],
          ["RSS steady", `${mb(steady)} (median of the second half)`],
          ["RSS peak", mb(f.after.peakRss)],
          [
            "checks",
            `${int(f.checks)} (≈ ${int(expected)} expected), ${fixed(f.checks / (f.wallMs / 1000), 1)}/s`,
          ],
          [
            "upstream requests",
            `${int(f.requests)}, ${int(f.conditional)} conditional, over ${int(f.connections)} connections`,
          ],
          ["failed checks", `${f.after.failedChecks}; ${f.after.errors} errors logged`],
          ["state changes", `${f.after.stateChanges - f.before.stateChanges}`],
          ["states at the end", f.states.map((s) => `${s.n} ${s.state}`).join(", ")],
          [
            "draft incidents",
            `${f.drafts.length} (${spurious} not from a flipped upstream, ${published} published)`,
          ],
        ],
      ),
      ...f.after.failures.map((failure) => `  failure: ${failure}`),
      "",
      ...table(
        ["upstream down", "kind", "down at", "draft at", "latency"],
        rows.map(({ flip, latency }) => [
          `#${flip.planned.index}`,
          flip.planned.kind,
          at(flip.at),
          latency === undefined || flip.at === undefined ? "none" : at(flip.at + latency),
          latency === undefined ? "not detected" : seconds(latency),
        ]),
      ),
      "",
      `detection latency: median ${seconds(median(latencies))}, max ${seconds(worst)} (target ≤ ${seconds(targetMs)}), ${latencies.length} of ${rows.length} detected`,
    ],
    headline: `CPU ${fixed(cpuShare * 100, 1)}% of a core, ${perCheck(cpuMs)} per check (${perCheck(Math.max(0, cpuMs - idleMs))} idle cost apart), RSS ${mb(steady)} (peak ${mb(f.after.peakRss)}), latency median ${seconds(median(latencies))} max ${seconds(worst)}`,
    pass,
  };
}
