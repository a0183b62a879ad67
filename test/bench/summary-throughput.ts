import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Hono } from "hono";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createApp } from "../../api/http/app.ts";
import { landingRoutes } from "../../api/http/landing.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import type { BenchContext, Benchmark, BenchOutcome } from "./benchmark.ts";
import { fixed, int, percent, table } from "./format.ts";
import type { LoadSample } from "./load.ts";
import { type LoopbackServer, serveOnLoopback } from "./serve.ts";

const path = "/api/v2/summary.json";
const target = 0.8;

interface Subject {
  name: "baseline" | "ours";
  url: string;
}

interface Run {
  round: number;
  subject: Subject["name"];
  sample: LoadSample;
  /** CPU time of this process (the servers) during the measured run, per second of wall time. */
  serverCpu: number;
  /** Event-loop utilisation of the serving thread during the measured run. */
  serverElu: number;
  /** CPU time of this process per completed request, in microseconds: less sensitive to other load than req/s. */
  serverCpuPerRequestUs: number;
}

/** Our real app over a migrated file database holding the demo data, built as api/server.ts does. */
export async function startOurs() {
  const dir = mkdtempSync(join(tmpdir(), "vigie-bench-"));
  const handle = createDb({ url: `file:${join(dir, "vigie.db")}` });
  const cleanup = () => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateDb(handle);
    const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
    await seedDemo(deps);
    const app = createApp({ deps, publicUrl: "http://localhost:3000" });
    // api/server.ts mounts the landing page too: keep the same router.
    app.route("/", landingRoutes());
    const server = await serveOnLoopback(app.fetch);
    return {
      server,
      close: async () => {
        await server.close();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** A bare Hono app whose one route answers with the given bytes and Content-Type, nothing else. */
export function startBaseline(body: string, contentType: string): Promise<LoopbackServer> {
  const app = new Hono();
  app.get(path, (c) => c.body(body, 200, { "Content-Type": contentType }));
  return serveOnLoopback(app.fetch);
}

export async function fetchOnce(url: string) {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`GET ${url}: status ${res.status}`);
  return { bytes, contentType: res.headers.get("content-type") ?? "" };
}

/** Unmeasured load so the JIT, the caches and the load generator are warm before the first run. */
async function warmUp(context: BenchContext, subject: Subject): Promise<number> {
  const { load, options } = context;
  if (options.warmupSeconds === 0) return 0;
  context.progress(`${subject.name}: ${options.warmupSeconds} s warm-up`);
  const sample = await load.run({
    url: subject.url,
    connections: options.connections,
    durationSeconds: options.warmupSeconds,
  });
  return failures(sample);
}

async function measure(context: BenchContext, subject: Subject, round: number): Promise<Run> {
  const { load, options } = context;
  context.progress(`round ${round}/${options.rounds}: ${subject.name} (${options.durationSeconds} s)`);
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const sample = await load.run({
    url: subject.url,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  return {
    round,
    subject: subject.name,
    sample,
    serverCpu: (cpu.user + cpu.system) / 1e6 / wallSeconds,
    serverElu: elu.utilization,
    serverCpuPerRequestUs: sample.requests > 0 ? (cpu.user + cpu.system) / sample.requests : 0,
  };
}

const failures = (s: LoadSample) => s.errors + s.timeouts + s.non2xx;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function median(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function report(
  runs: Run[],
  warmupFailures: number,
  body: { bytes: number; contentType: string },
  context: BenchContext,
): BenchOutcome {
  const { options } = context;
  const row = (label: string, subject: string, runsOf: Run[]) => {
    const samples = runsOf.map((r) => r.sample);
    return [
      label,
      subject,
      int(mean(samples.map((s) => s.requestsPerSecond))),
      fixed(mean(samples.map((s) => s.latencyMs.mean))),
      fixed(mean(samples.map((s) => s.latencyMs.p50)), 0),
      fixed(mean(samples.map((s) => s.latencyMs.p99)), 0),
      String(samples.reduce((n, s) => n + s.errors + s.timeouts, 0)),
      String(samples.reduce((n, s) => n + s.non2xx, 0)),
      percent(mean(runsOf.map((r) => r.serverCpu))),
      percent(mean(runsOf.map((r) => r.serverElu))),
      fixed(mean(runsOf.map((r) => r.serverCpuPerRequestUs)), 1),
      percent(mean(samples.map((s) => s.loaderCpuSeconds / s.durationSeconds))),
    ];
  };
  const header = [
    "round",
    "subject",
    "req/s",
    "lat mean ms",
    "p50 ms",
    "p99 ms",
    "errors",
    "non-2xx",
    "server CPU",
    "server ELU",
    "server CPU us/req",
    "loader CPU",
  ];
  const of = (name: Subject["name"]) => runs.filter((r) => r.subject === name);
  const pairs = [...new Set(runs.map((r) => r.round))].map((round) => {
    const inRound = runs.filter((r) => r.round === round);
    const ours = inRound.find((r) => r.subject === "ours")!;
    const base = inRound.find((r) => r.subject === "baseline")!;
    return {
      throughput: ours.sample.requestsPerSecond / base.sample.requestsPerSecond,
      cost: base.serverCpuPerRequestUs / ours.serverCpuPerRequestUs,
    };
  });
  const ratio = median(pairs.map((p) => p.throughput));
  const ratioOfMeans =
    mean(of("ours").map((r) => r.sample.requestsPerSecond)) /
    mean(of("baseline").map((r) => r.sample.requestsPerSecond));
  const costRatio = median(pairs.map((p) => p.cost));
  const spread = Math.max(...pairs.map((p) => p.throughput)) / Math.min(...pairs.map((p) => p.throughput));
  const failed = runs.reduce((n, r) => n + failures(r.sample), warmupFailures);
  const pass = ratio >= target && failed === 0;
  const verdict = failed > 0 ? `FAIL (${failed} errors/timeouts/non-2xx)` : pass ? "PASS" : "FAIL";
  return {
    report: [
      `GET ${path} (demo data) vs a bare Hono route answering the same ${int(body.bytes)} bytes (${body.contentType})`,
      `autocannon, ${options.connections} connections, loopback; ${options.warmupSeconds} s warm-up per subject, then ${options.rounds} rounds of ${options.durationSeconds} s per subject in alternating order`,
      "",
      ...table(header, [
        ...runs.map((r) => row(String(r.round), r.subject, [r])),
        row("mean", "baseline", of("baseline")),
        row("mean", "ours", of("ours")),
      ]),
      "",
      `req/s ratio ours/baseline per round: ${pairs.map((p) => fixed(p.throughput, 3)).join(", ")}`,
      `req/s ratio ours/baseline: ${fixed(ratio, 3)} (median of rounds; ratio of means ${fixed(ratioOfMeans, 3)})`,
      `server CPU per request, baseline/ours: ${fixed(costRatio, 3)} (median of rounds; what the ratio would be if the server alone were the bottleneck)`,
      ...(spread > 1.25
        ? [
            `warning: the rounds disagree by ${percent(spread - 1)}: the machine is noisy, run again or add --rounds`,
          ]
        : []),
      `target >= ${fixed(target)}: ${verdict}`,
    ],
    headline: `req/s ratio ${fixed(ratio, 3)} (target >= ${fixed(target)})`,
    pass,
  };
}

/**
 * Both servers live in this process's main thread, served by the same serveOnLoopback, and only the
 * one being measured gets load; the load comes from the autocannon child process (see load.ts), so
 * on 2 cores the server under test and the load generator each have one.
 */
export const summaryThroughput: Benchmark = {
  name: "summary-throughput",
  description: `req/s of GET ${path} divided by that of a bare Hono route returning the same bytes`,
  async run(context) {
    const ours = await startOurs();
    let baseline: LoopbackServer | null = null;
    try {
      const ourUrl = `${ours.server.origin}${path}`;
      const expected = await fetchOnce(ourUrl);
      baseline = await startBaseline(expected.bytes.toString("utf8"), expected.contentType);
      const baseUrl = `${baseline.origin}${path}`;
      const check = await fetchOnce(baseUrl);
      if (!check.bytes.equals(expected.bytes) || check.contentType !== expected.contentType) {
        throw new Error("the baseline does not answer the same bytes and Content-Type as our endpoint");
      }
      const subjects: Record<Subject["name"], Subject> = {
        baseline: { name: "baseline", url: baseUrl },
        ours: { name: "ours", url: ourUrl },
      };
      // Both warm first; then each round measures both, back to back, the order mirrored every round
      // (baseline, ours, ours, baseline, …), and the verdict takes the median of the per-round ratios:
      // other load on the shared machine comes and goes, and a burst then spoils one round, not the result.
      let warmupFailures = 0;
      for (const subject of [subjects.baseline, subjects.ours])
        warmupFailures += await warmUp(context, subject);
      const runs: Run[] = [];
      for (let round = 1; round <= context.options.rounds; round++) {
        const order: Subject["name"][] = round % 2 === 1 ? ["baseline", "ours"] : ["ours", "baseline"];
        for (const name of order) runs.push(await measure(context, subjects[name], round));
      }
      return report(
        runs,
        warmupFailures,
        { bytes: expected.bytes.length, contentType: expected.contentType },
        context,
      );
    } finally {
      await baseline?.close();
      await ours.close();
    }
  },
};
