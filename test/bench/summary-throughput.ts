import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchChild, serverFlags, startBenchChild } from "./bench-child.ts";
import type { BenchContext, Benchmark } from "./benchmark.ts";
import { fixed, int } from "./format.ts";
import type { LoadSample } from "./load.ts";
import { processTreeCpuSeconds } from "./process-cpu.ts";
import { type Run, report, type Subject } from "./summary-report.ts";
import { startVigie, type VigieProcess } from "./vigie-process.ts";

export const path = "/api/v2/summary.json";
/** What Chromium and Firefox send: the server picks the encoding, the baseline serves the same bytes. */
const browserEncodings = "gzip, deflate, br, zstd";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET whose body is kept as sent (fetch would decompress it). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer within 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

async function get200(url: string, acceptEncoding: string): Promise<RawAnswer> {
  const answer = await rawGet(url, { "Accept-Encoding": acceptEncoding });
  if (answer.status !== 200) throw new Error(`GET ${url}: status ${answer.status}`);
  return answer;
}

/** The bare Hono route, in a process of its own, answering `body` as `model` was answered. */
async function startBaseline(
  model: RawAnswer,
  profileFlags: string[],
): Promise<{ child: BenchChild<{ port: number }>; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-bench-baseline-"));
  const bodyFile = join(dir, "body");
  writeFileSync(bodyFile, model.body);
  try {
    const child = await startBenchChild<{ port: number }>(
      "test/bench/baseline-server-process.ts",
      [
        path,
        bodyFile,
        String(model.headers["content-type"]),
        String(model.headers["content-encoding"] ?? "-"),
      ],
      { flags: [...serverFlags, ...profileFlags] },
    );
    return { child, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function loadRun(context: BenchContext, subject: Subject, seconds: number, ifNoneMatch?: string) {
  return context.load.run({
    url: subject.url,
    connections: context.options.connections,
    durationSeconds: seconds,
    headers: {
      "Accept-Encoding": browserEncodings,
      ...(ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {}),
    },
  });
}

/** What an open page's poll costs while nothing changes: Vigie answering 304 to the ETag it sent. */
async function measureRevalidation(context: BenchContext, subject: Subject, etag: string) {
  context.progress(`ours, revalidated with If-None-Match (${context.options.durationSeconds} s)`);
  const cpuBefore = processTreeCpuSeconds(subject.pid);
  const sample = await loadRun(context, subject, context.options.durationSeconds, etag);
  const cpuSeconds = processTreeCpuSeconds(subject.pid) - cpuBefore;
  return { sample, cpuPerRequestUs: sample.requests > 0 ? (cpuSeconds * 1e6) / sample.requests : 0 };
}

const idleSeconds = 5;

/** CPU seconds per second a server uses with no request at all (its timers and workers). */
async function idleCpu(pid: number): Promise<number> {
  const before = processTreeCpuSeconds(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  return (processTreeCpuSeconds(pid) - before) / ((performance.now() - started) / 1000);
}

async function measure(context: BenchContext, subject: Subject, round: number): Promise<Run> {
  const { options } = context;
  context.progress(`round ${round}/${options.rounds}: ${subject.name} (${options.durationSeconds} s)`);
  const cpuBefore = processTreeCpuSeconds(subject.pid);
  const started = performance.now();
  const sample: LoadSample = await loadRun(context, subject, options.durationSeconds);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = processTreeCpuSeconds(subject.pid) - cpuBefore;
  return {
    round,
    subject: subject.name,
    sample,
    serverCpu: cpuSeconds / wallSeconds,
    serverCpuPerRequestUs: sample.requests > 0 ? (cpuSeconds * 1e6) / sample.requests : 0,
    wallSeconds,
    cpuSeconds,
  };
}

/**
 * Vigie started as its users start it (its own process, workers on) against a bare Hono route on
 * @hono/node-server answering the same compressed bytes, in a second process; autocannon loads
 * them from a third (see load.ts), one subject at a time. Each server's CPU time is read from
 * /proc, so the cost per request holds whether or not the load generator is the bottleneck.
 */
export const summaryThroughput: Benchmark = {
  name: "summary-throughput",
  description: `GET ${path}: server CPU per request and req/s against a bare Hono route with the same bytes`,
  async run(context) {
    const dir = context.options.cpuProfileDir;
    const profileFlags = dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
    context.progress("starting Vigie and waiting for its first page build");
    const vigie: VigieProcess = await startVigie({ extraNodeFlags: profileFlags });
    let baseline: Awaited<ReturnType<typeof startBaseline>> | null = null;
    try {
      const ourUrl = `${vigie.origin}${path}`;
      const served = await get200(ourUrl, browserEncodings);
      const sizes = {
        identity: (await get200(ourUrl, "identity")).body.length,
        gzip: (await get200(ourUrl, "gzip")).body.length,
        br: (await get200(ourUrl, "br")).body.length,
      };
      baseline = await startBaseline(served, profileFlags);
      const baseUrl = `http://127.0.0.1:${baseline.child.first.port}${path}`;
      const check = await get200(baseUrl, browserEncodings);
      if (
        !check.body.equals(served.body) ||
        check.headers["content-type"] !== served.headers["content-type"] ||
        check.headers["content-encoding"] !== served.headers["content-encoding"]
      ) {
        throw new Error(
          "the baseline does not answer the same bytes, Content-Type and Content-Encoding as Vigie",
        );
      }
      const subjects: Record<Subject["name"], Subject> = {
        baseline: { name: "baseline", url: baseUrl, pid: baseline.child.pid },
        ours: { name: "ours", url: ourUrl, pid: vigie.pid },
      };
      // Both warm first; then each round measures both, back to back, the order mirrored every round
      // (baseline, ours, ours, baseline, …), and the verdict takes the median of the per-round ratios:
      // other load on the shared machine comes and goes, and a burst then spoils one round, not the result.
      context.progress(`${idleSeconds} s without load: each server's own CPU`);
      const [idleBaseline, idleOurs] = await Promise.all([
        idleCpu(subjects.baseline.pid),
        idleCpu(vigie.pid),
      ]);
      let warmupFailures = 0;
      for (const subject of [subjects.baseline, subjects.ours]) {
        if (context.options.warmupSeconds === 0) break;
        context.progress(`${subject.name}: ${context.options.warmupSeconds} s warm-up`);
        const sample = await loadRun(context, subject, context.options.warmupSeconds);
        warmupFailures += sample.errors + sample.timeouts + sample.non2xx;
      }
      const runs: Run[] = [];
      for (let round = 1; round <= context.options.rounds; round++) {
        const order: Subject["name"][] = round % 2 === 1 ? ["baseline", "ours"] : ["ours", "baseline"];
        for (const name of order) runs.push(await measure(context, subjects[name], round));
      }
      const revalidation = await measureRevalidation(context, subjects.ours, String(served.headers.etag));
      const outcome = report(runs, warmupFailures, {
        path,
        contentType: String(served.headers["content-type"]),
        encoding: String(served.headers["content-encoding"] ?? "identity"),
        sizes,
        idle: { baseline: idleBaseline, ours: idleOurs },
        context,
      });
      const { sample: r304 } = revalidation;
      outcome.report.push(
        `ours answering If-None-Match (a poll while nothing changed): ${int(r304.requestsPerSecond)} req/s, ${fixed(revalidation.cpuPerRequestUs, 1)} us of server CPU per request, ${int(r304.non2xx)} answers 304, ${int(r304.requests - r304.non2xx)} other, ${int(r304.errors + r304.timeouts)} errors`,
      );
      // autocannon counts a 304 as non-2xx: every answer must be one.
      if (r304.requests === 0 || r304.non2xx !== r304.requests || r304.errors + r304.timeouts > 0) {
        outcome.pass = false;
        outcome.report.push("verdict: FAIL (a revalidation was not answered 304)");
      }
      if (dir)
        outcome.report.push(
          `CPU profiles (written as the servers stop): ${dir}/CPU.*.${vigie.pid}.*.cpuprofile (Vigie), ${dir}/CPU.*.${baseline.child.pid}.*.cpuprofile (baseline)`,
        );
      return outcome;
    } finally {
      await baseline?.child.close();
      baseline?.cleanup();
      await vigie.close();
    }
  },
};
