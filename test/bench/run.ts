/**
 * `npm run bench [-- [name…] [--duration=S] [--warmup=S] [--rounds=N] [--connections=N] [--subscribers=N] [--rate=N] [--window=S] [--interval=S] [--cpu-prof] [--list]]`
 *
 * Runs every registered benchmark (or only the ones named), prints each one's figures to stdout
 * and a summary at the end. Exit code 1 when a benchmark misses its target or fails, 2 on bad usage.
 * All load goes to 127.0.0.1; every run is bounded by its duration.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark, BenchOptions } from "./benchmark.ts";
import { footprint } from "./footprint.ts";
import { table } from "./format.ts";
import { type LoadGenerator, startLoadGenerator } from "./load.ts";
import { monitorPoll } from "./monitor-poll.ts";
import { notifierFanout } from "./notifier-fanout.ts";
import { siteBuild } from "./site-build.ts";
import { sitePublish } from "./site-publish.ts";
import { summaryThroughput } from "./summary-throughput.ts";

/** The registry: add new benchmarks here. */
const benchmarks: Benchmark[] = [
  summaryThroughput,
  siteBuild,
  sitePublish,
  notifierFanout,
  monitorPoll,
  footprint,
];

const defaults: BenchOptions = { durationSeconds: 5, warmupSeconds: 2, rounds: 5, connections: 50 };

const flags: Record<string, { key: Exclude<keyof BenchOptions, "cpuProfileDir">; min: number; max: number }> =
  {
    duration: { key: "durationSeconds", min: 1, max: 60 },
    warmup: { key: "warmupSeconds", min: 0, max: 30 },
    rounds: { key: "rounds", min: 1, max: 10 },
    connections: { key: "connections", min: 1, max: 500 },
    subscribers: { key: "subscribers", min: 100, max: 1_000_000 },
    rate: { key: "rate", min: 1, max: 1000 },
    // monitor-poll's window defaults to what its interval needs (260 s at 60 s: flips from 120 s to
    // 180 s, 70 s allowed to see each); a shorter one is for trying things out.
    window: { key: "windowSeconds", min: 60, max: 600 },
    interval: { key: "intervalSeconds", min: 10, max: 60 },
  };

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const options = { ...defaults };
  const names: string[] = [];
  let list = false;
  for (const arg of argv) {
    if (arg === "--cpu-prof") {
      options.cpuProfileDir = mkdtempSync(join(tmpdir(), "vigie-bench-profiles-"));
      continue;
    }
    if (arg === "--list" || arg === "--help" || arg === "-h") {
      list = true;
      continue;
    }
    const flag = /^--([a-z]+)=(\d+)$/.exec(arg);
    if (flag) {
      const spec = flags[flag[1]!];
      const value = Number(flag[2]);
      if (!spec) throw new UsageError(`unknown option ${arg}`);
      if (value < spec.min || value > spec.max)
        throw new UsageError(`--${flag[1]} must be between ${spec.min} and ${spec.max}`);
      options[spec.key] = value;
      continue;
    }
    if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    if (!benchmarks.some((b) => b.name === arg)) throw new UsageError(`unknown benchmark ${arg}`);
    names.push(arg);
  }
  const selected = names.length ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks;
  return { options, selected, list };
}

function usage(): string {
  return [
    "usage: npm run bench -- [name…] [--duration=S] [--warmup=S] [--rounds=N] [--connections=N] [--subscribers=N] [--rate=N] [--window=S] [--interval=S] [--cpu-prof]",
    "  --cpu-prof: the servers of summary-throughput and monitor-poll write V8 CPU profiles (the folder is printed)",
    `defaults: --duration=${defaults.durationSeconds} --warmup=${defaults.warmupSeconds} --rounds=${defaults.rounds} --connections=${defaults.connections}`,
    "benchmarks:",
    ...benchmarks.map((b) => `  ${b.name.padEnd(24)} ${b.description}`),
  ].join("\n");
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${usage()}\n`);
    return 2;
  }
  if (parsed.list) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const { options, selected } = parsed;
  const out = (line = "") => process.stdout.write(`${line}\n`);
  out(`node ${process.version}, ${process.platform}/${process.arch}, pid ${process.pid}`);

  const summary: string[][] = [];
  let exitCode = 0;
  let load: LoadGenerator | null = null;
  try {
    load = await startLoadGenerator();
    for (const bench of selected) {
      out();
      out(`== ${bench.name}: ${bench.description}`);
      const started = Date.now();
      try {
        const outcome = await bench.run({
          options,
          load,
          progress: (message) => process.stderr.write(`[${bench.name}] ${message}\n`),
        });
        for (const line of outcome.report) out(line ? `  ${line}` : "");
        const verdict = outcome.pass === null ? "-" : outcome.pass ? "PASS" : "FAIL";
        if (outcome.pass === false) exitCode = 1;
        summary.push([
          bench.name,
          outcome.headline,
          verdict,
          `${Math.round((Date.now() - started) / 1000)} s`,
        ]);
      } catch (error) {
        exitCode = 1;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        out(`  error: ${message}`);
        summary.push([bench.name, "error", "FAIL", `${Math.round((Date.now() - started) / 1000)} s`]);
      }
    }
  } finally {
    load?.close();
  }
  out();
  out("== summary");
  for (const line of table(["benchmark", "result", "verdict", "time"], summary)) out(`  ${line}`);
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
