import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/vigie-process.ts";
import type { BenchContext, Benchmark, BenchOutcome } from "./benchmark.ts";
import { fixed, int, table } from "./format.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const path = "/api/v2/summary.json";
const targets = { idleMiB: 100, loadMiB: 120, firstAnswerSeconds: 1.5 };
/** How long a started server is left alone before its memory just after start is read. */
const idleSeconds = 5;
/**
 * When its idle memory is read again, and held to the target: by then V8's memory reducer has had
 * its chance (it waits some 8 s after the last full collection of the start), as it has on a
 * server that waits for visitors.
 */
const settledSeconds = 30;
const mib = 1024 * 1024;

interface Subject {
  name: string;
  /** The command and its arguments, run from the project folder. */
  command: (port: number, dir: string) => string[];
  /** Whether it is the server as users start it in production (the targets apply to it). */
  measured?: boolean;
}

const node = process.execPath;
const heap = ["--max-semi-space-size=4", "--max-old-space-size=256"];

/** Memory (VmRSS) of a process and all its descendants, in bytes; 0 once it is gone. */
function treeRss(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return 0;
  }
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return kb * 1024 + children(pid).reduce((sum, child) => sum + treeRss(child), 0);
}

/** CPU time (user + system) of a process and its descendants, in ms (clock ticks of 10 ms). */
function treeCpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10 + children(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

const stderrs = new WeakMap<ChildProcess, string>();
/** Keeps the end of a child's stderr, to say why it failed. */
function keepStderr(child: ChildProcess): ChildProcess {
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrs.set(child, ((stderrs.get(child) ?? "") + chunk.toString()).slice(-2_000));
  });
  return child;
}
const stderrOf = (child: ChildProcess) => stderrs.get(child)?.trim() || "(nothing on stderr)";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the summary answers 200; the time from `startedAt`, in seconds. */
async function firstAnswer(url: string, child: ChildProcess, startedAt: number): Promise<number> {
  const deadline = startedAt + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (code ${child.exitCode}) before answering: ${stderrOf(child)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return (performance.now() - startedAt) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`no answer from ${url} within 120 s`);
}

interface Measure {
  firstAnswerSeconds: number;
  cpuToFirstAnswerMs: number;
  idleRss: number;
  settledRss: number;
  loadPeakRss: number;
  requestsPerSecond: number;
}

async function measure(subject: Subject, context: BenchContext): Promise<Measure> {
  const { options, load } = context;
  const dir = mkdtempSync(join(tmpdir(), "vigie-footprint-"));
  const port = await freePort();
  const [command, ...args] = subject.command(port, dir);
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: join(dir, "data"),
    DATABASE_URL: `file:${join(dir, "data", "vigie.db")}`,
    VIGIE_PUBLISHER: "0",
  };
  const startedAt = performance.now();
  // Its own process group, so that npm and what it started are stopped together.
  const child = keepStderr(
    spawn(command!, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"], detached: true }),
  );
  const pid = child.pid!;
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    const firstAnswerSeconds = await firstAnswer(url, child, startedAt);
    const cpuToFirstAnswerMs = treeCpuMs(pid);
    await sleep(idleSeconds * 1000);
    const idleRss = treeRss(pid);
    await sleep((settledSeconds - idleSeconds) * 1000);
    const settledRss = treeRss(pid);
    let loadPeakRss = 0;
    const sampler = setInterval(() => {
      loadPeakRss = Math.max(loadPeakRss, treeRss(pid));
    }, 100);
    try {
      const sample = await load.run({
        url,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
      });
      if (sample.non2xx || sample.errors)
        throw new Error(`${sample.non2xx} non-2xx, ${sample.errors} errors under load`);
      return {
        firstAnswerSeconds,
        cpuToFirstAnswerMs,
        idleRss,
        settledRss,
        loadPeakRss,
        requestsPerSecond: sample.requestsPerSecond,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function run(context: BenchContext): Promise<BenchOutcome> {
  const built = spawnSync(node, ["api/cli/build.js", "--if-stale"], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr}`);
  // The bare server serves the bytes Vigie's summary has on the demo data.
  const bodyDir = mkdtempSync(join(tmpdir(), "vigie-footprint-body-"));
  const bodyFile = join(bodyDir, "summary.json");
  const subjects: Subject[] = [
    { name: "vigie serve (the build)", command: () => [node, "api/cli/bin.js", "serve"], measured: true },
    { name: "npm start (npm + vigie serve)", command: () => ["npm", "start", "--silent"] },
    {
      name: "sources through tsx",
      command: () => [node, ...heap, "--import", "tsx", "api/server.ts"],
    },
    {
      name: "bare Hono, same bytes",
      command: (port) => [
        node,
        ...heap,
        "test/bench/bare-hono.ts",
        String(port),
        bodyFile,
        "application/json",
      ],
    },
  ];
  try {
    const summary = await fetchSummaryOnce(context);
    writeFileSync(bodyFile, summary);
    const rounds = Math.min(context.options.rounds, 3);
    const results = new Map<string, Measure[]>(subjects.map((s) => [s.name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const subject of subjects) {
        context.progress(`round ${round}/${rounds}: ${subject.name}`);
        results.get(subject.name)!.push(await measure(subject, context));
      }
    }
    const rows = subjects.map((subject) => {
      const runs = results.get(subject.name)!;
      const m = (pick: (r: Measure) => number) => median(runs.map(pick));
      return {
        subject,
        first: m((r) => r.firstAnswerSeconds),
        cpu: m((r) => r.cpuToFirstAnswerMs),
        idle: m((r) => r.idleRss) / mib,
        settled: m((r) => r.settledRss) / mib,
        load: m((r) => r.loadPeakRss) / mib,
        rps: m((r) => r.requestsPerSecond),
      };
    });
    const ours = rows.find((r) => r.subject.measured)!;
    const pass =
      ours.settled <= targets.idleMiB &&
      ours.load <= targets.loadMiB &&
      ours.first <= targets.firstAnswerSeconds;
    return {
      report: [
        `each server started on a new database (demo data, publisher off, notifier and monitor on), ${rounds} round(s), medians;`,
        `idle: RSS ${idleSeconds} s after the first answer, and settled: ${settledSeconds} s after it; load: peak RSS during ${context.options.durationSeconds} s of GET ${path} (${context.options.connections} connections, loopback);`,
        "RSS counts the process and its children (npm start: npm, the shell and the server)",
        "",
        ...table(
          ["server", "first answer", "CPU to it", "idle RSS", "settled RSS", "RSS under load", "req/s"],
          rows.map((r) => [
            r.subject.name,
            `${fixed(r.first)} s`,
            `${int(r.cpu)} ms`,
            `${fixed(r.idle, 0)} MiB`,
            `${fixed(r.settled, 0)} MiB`,
            `${fixed(r.load, 0)} MiB`,
            int(r.rps),
          ]),
        ),
        "",
        `targets for vigie serve: settled idle ≤ ${targets.idleMiB} MiB, under load ≤ ${targets.loadMiB} MiB, first answer ≤ ${targets.firstAnswerSeconds} s`,
      ],
      headline: `idle ${fixed(ours.idle, 0)} MiB (settled ${fixed(ours.settled, 0)} MiB), load ${fixed(ours.load, 0)} MiB, first ${fixed(ours.first)} s`,
      pass,
    };
  } finally {
    rmSync(bodyDir, { recursive: true, force: true });
  }
}

/** Vigie's summary on the demo data, from a server started for that only. */
async function fetchSummaryOnce(context: BenchContext): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-footprint-"));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? "",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: join(dir, "data"),
    DATABASE_URL: `file:${join(dir, "data", "vigie.db")}`,
    VIGIE_PUBLISHER: "0",
  };
  const child = keepStderr(
    spawn(node, ["api/cli/bin.js", "serve"], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] }),
  );
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    await firstAnswer(url, child, performance.now());
    context.progress("summary bytes fetched for the bare server");
    return Buffer.from(await (await fetch(url)).arrayBuffer());
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

export const footprint: Benchmark = {
  name: "footprint",
  description: "memory and start time of the server as users start it, next to the old start and a bare Hono",
  run,
};
