import type { BenchContext, BenchOutcome } from "./benchmark.ts";
import { fixed, int, percent, table } from "./format.ts";
import type { LoadSample } from "./load.ts";

/** CPU per request at most this multiple of the bare route's. */
export const cpuTarget = 1.25;
/** req/s at least this fraction of the bare route's. */
export const throughputTarget = 0.8;

export interface Subject {
  name: "baseline" | "ours";
  url: string;
  /** The server process whose CPU time (its children's included) is measured. */
  pid: number;
}

export interface Run {
  round: number;
  subject: Subject["name"];
  sample: LoadSample;
  /** Server CPU seconds per second of wall time during the run (1 = one core busy). */
  serverCpu: number;
  /** Server CPU per completed request, in microseconds: what the server alone costs. */
  serverCpuPerRequestUs: number;
  wallSeconds: number;
  cpuSeconds: number;
}

export interface ReportInput {
  path: string;
  contentType: string;
  encoding: string;
  sizes: { identity: number; gzip: number; br: number };
  /** CPU seconds per second each server used without load, measured before the rounds. */
  idle: Record<Subject["name"], number>;
  context: BenchContext;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function median(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const failures = (s: LoadSample) => s.errors + s.timeouts + s.non2xx;

export function report(runs: Run[], warmupFailures: number, input: ReportInput): BenchOutcome {
  const { options } = input.context;
  // What the requests cost beyond what the server spends anyway (timers, workers), for diagnosis.
  const netUs = (r: Run) =>
    r.sample.requests > 0
      ? ((r.cpuSeconds - input.idle[r.subject] * r.wallSeconds) * 1e6) / r.sample.requests
      : 0;
  const row = (label: string, subject: Subject["name"], runsOf: Run[]) => {
    const samples = runsOf.map((r) => r.sample);
    return [
      label,
      subject,
      int(mean(samples.map((s) => s.requestsPerSecond))),
      fixed(mean(runsOf.map((r) => r.serverCpuPerRequestUs)), 1),
      fixed(mean(runsOf.map(netUs)), 1),
      percent(mean(runsOf.map((r) => r.serverCpu))),
      fixed(mean(samples.map((s) => s.latencyMs.mean))),
      fixed(mean(samples.map((s) => s.latencyMs.p99)), 0),
      String(samples.reduce((n, s) => n + failures(s), 0)),
      percent(mean(samples.map((s) => s.loaderCpuSeconds / s.durationSeconds))),
    ];
  };
  const header = [
    "round",
    "subject",
    "req/s",
    "server CPU us/req",
    "net of idle",
    "server CPU",
    "lat mean ms",
    "p99 ms",
    "failed",
    "loader CPU",
  ];
  const of = (name: Subject["name"]) => runs.filter((r) => r.subject === name);
  const pairs = [...new Set(runs.map((r) => r.round))].map((round) => {
    const inRound = runs.filter((r) => r.round === round);
    const ours = inRound.find((r) => r.subject === "ours")!;
    const base = inRound.find((r) => r.subject === "baseline")!;
    return {
      throughput: ours.sample.requestsPerSecond / base.sample.requestsPerSecond,
      cost: ours.serverCpuPerRequestUs / base.serverCpuPerRequestUs,
      netCost: netUs(ours) / netUs(base),
    };
  });
  const throughput = median(pairs.map((p) => p.throughput));
  const cost = median(pairs.map((p) => p.cost));
  const netCost = median(pairs.map((p) => p.netCost));
  const spread = Math.max(...pairs.map((p) => p.cost)) / Math.min(...pairs.map((p) => p.cost));
  const failed = runs.reduce((n, r) => n + failures(r.sample), warmupFailures);
  const pass = failed === 0 && cost <= cpuTarget && throughput >= throughputTarget;
  const verdict = failed > 0 ? `FAIL (${failed} errors/timeouts/non-2xx)` : pass ? "PASS" : "FAIL";
  const { sizes } = input;
  return {
    report: [
      `GET ${input.path} (demo data), Vigie started by package.json's start script (workers on), against a bare Hono route in its own process answering the same bytes`,
      `answer: ${input.contentType}, Content-Encoding ${input.encoding}; sizes: ${int(sizes.identity)} B plain, ${int(sizes.gzip)} B gzip, ${int(sizes.br)} B brotli`,
      `autocannon in its own process, ${options.connections} connections, loopback; ${options.warmupSeconds} s warm-up per subject, then ${options.rounds} rounds of ${options.durationSeconds} s per subject in alternating order`,
      "server CPU: the server process's user + system time from /proc (its threads and children included)",
      `without load: ours ${fixed(input.idle.ours * 1000, 1)} ms/s, baseline ${fixed(input.idle.baseline * 1000, 1)} ms/s of CPU (counted in "server CPU us/req", taken out in "net of idle")`,
      "",
      ...table(header, [
        ...runs.map((r) => row(String(r.round), r.subject, [r])),
        row("mean", "baseline", of("baseline")),
        row("mean", "ours", of("ours")),
      ]),
      "",
      `server CPU per request, ours/baseline per round: ${pairs.map((p) => fixed(p.cost, 3)).join(", ")}`,
      `server CPU per request, ours/baseline: ${fixed(cost, 3)} (median of rounds; target <= ${fixed(cpuTarget)}); net of idle: ${fixed(netCost, 3)}`,
      `req/s ratio ours/baseline: ${fixed(throughput, 3)} (median of rounds; target >= ${fixed(throughputTarget)}), per round: ${pairs.map((p) => fixed(p.throughput, 3)).join(", ")}`,
      ...(spread > 1.25
        ? [
            `warning: the rounds disagree by ${percent(spread - 1)}: the machine is noisy, run again or add --rounds`,
          ]
        : []),
      `verdict: ${verdict}`,
    ],
    headline: `CPU/req ${fixed(mean(of("ours").map((r) => r.serverCpuPerRequestUs)), 1)} vs ${fixed(mean(of("baseline").map((r) => r.serverCpuPerRequestUs)), 1)} us (x${fixed(cost, 2)}, target <= ${fixed(cpuTarget)}), req/s ratio ${fixed(throughput, 3)} (target >= ${fixed(throughputTarget)})`,
    pass,
  };
}
