import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../api/domain/context.ts";
import { newId } from "../../api/domain/ids.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createToken } from "../../api/domain/tokens/tokens.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { deliveries, subscribers } from "../../db/schema/index.ts";
import { type BenchChild, serverFlags, startBenchChild } from "./bench-child.ts";
import type { Benchmark, BenchOutcome } from "./benchmark.ts";
import type { FakeResendReport } from "./fake-resend-process.ts";
import { fixed, int, table } from "./format.ts";
import type { ServerReport } from "./notifier-server-process.ts";

const fullSize = 100_000;
/** 100,000 at 5 requests/s would take 200 s; this run is scaled down unless --subscribers says. */
const slowRateSize = 20_000;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Batched inserts, a few thousand rows per transaction. */
async function addSubscribers(deps: Deps, count: number) {
  const at = systemClock.now();
  for (let i = 0; i < count; i += 5000) {
    await deps.write(async (tx) => {
      for (let j = i; j < Math.min(count, i + 5000); j += 500) {
        const rows = Array.from({ length: Math.min(500, count - j) }, (_, k) => ({
          id: newId("subscriber"),
          channel: "email" as const,
          address: `user${j + k}@example.com`,
          locale: (j + k) % 3 === 0 ? ("fr" as const) : ("en" as const),
          state: "active" as const,
          tokenVersion: 1,
          createdAt: at,
          updatedAt: at,
          confirmedAt: at,
        }));
        await tx.insert(subscribers).values(rows);
      }
    });
  }
}

interface RunResult {
  rate: number;
  count: number;
  emailsPerSecond: number;
  ratio: number;
  firstCallMs: number;
  peakRss: number;
  baseRss: number;
  /** Server CPU per 1,000 emails: comparable across runs even on a busy machine. */
  cpuPerThousand: number;
  /** The fake provider's CPU per 1,000 emails: it shares the machine's cores with the server. */
  fakeCpuPerThousand: number;
  report: FakeResendReport;
  pending: number;
}

/** One incident fanned out to `count` subscribers through a fake Resend allowing `rate` requests/s. */
async function fanOut(rate: number, count: number, progress: (m: string) => void): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "vigie-bench-notifier-"));
  const file = join(dir, "vigie.db");
  const handle = createDb({ url: `file:${file}` });
  const children: BenchChild<unknown>[] = [];
  try {
    await migrateDb(handle);
    const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
    progress(`inserting ${int(count)} confirmed subscribers`);
    await addSubscribers(deps, count);
    const { token } = await createToken({
      ctx: { deps, actor: systemActor("bench") },
      input: { name: "bench", role: "owner" },
    });
    const fake = await startBenchChild<{ url: string; apiKey: string }>("test/bench/fake-resend-process.ts", [
      String(rate),
    ]);
    const fakeReport = () => fake.ask<FakeResendReport>("report");
    children.push(fake);
    // Sized as `npm start` sizes the server.
    const server = await startBenchChild<{ url: string }>(
      "test/bench/notifier-server-process.ts",
      [file, fake.first.url, fake.first.apiKey, String(rate)],
      { flags: serverFlags },
    );
    children.push(server);
    const serverReport = () => server.ask<ServerReport>("report");
    const base = await serverReport();
    const baseRss = base.rss;

    progress(`fanning out at ${rate} requests/s`);
    const postedAt = Date.now();
    const res = await fetch(`${server.first.url}/api/admin/incidents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Checkout is down", body: "We are **investigating**." }),
    });
    if (res.status !== 201) throw new Error(`POST /api/admin/incidents answered ${res.status}`);
    const deadline = Date.now() + ((count / (rate * 100)) * 2 + 60) * 1000;
    let report = await fakeReport();
    const fakeCpuBefore = report.cpuMs;
    while (report.accepted < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      report = await fakeReport();
    }
    const { peakRss, cpuMs } = await serverReport();
    const pending = (
      await deps.read((db) =>
        db.select({ id: deliveries.id }).from(deliveries).where(eq(deliveries.state, "pending")),
      )
    ).length;
    const span = (report.lastAcceptedAt ?? 0) - (report.firstRequestAt ?? 0);
    // k calls spaced 1/rate apart occupy k/rate seconds: count the last call's slot too.
    const emailsPerSecond = report.accepted / (span / 1000 + 1 / rate);
    return {
      rate,
      count,
      emailsPerSecond,
      ratio: emailsPerSecond / (rate * 100),
      firstCallMs: (report.firstRequestAt ?? Number.NaN) - postedAt,
      peakRss,
      baseRss,
      cpuPerThousand: ((cpuMs - base.cpuMs) / Math.max(1, report.accepted)) * 1000,
      fakeCpuPerThousand: ((report.cpuMs - fakeCpuBefore) / Math.max(1, report.accepted)) * 1000,
      report,
      pending,
    };
  } finally {
    for (const child of children.reverse()) await child.close();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One incident update, POSTed to the API server, fanned out to 100,000 confirmed subscribers by its
 * notifier (the server runs in its own process, whose RSS is measured) against a fake Resend (another
 * process) allowing 50 requests/s; then a smaller list at 5 requests/s, Resend's documented default.
 */
export const notifierFanout: Benchmark = {
  name: "notifier-fanout",
  description: "emails/s vs the provider's ceiling, POST → first provider call, peak RSS (5 and 50 req/s)",
  async run({ options, progress }): Promise<BenchOutcome> {
    const runs: RunResult[] = [];
    const plan: [number, number][] = options.rate
      ? [[options.rate, options.rate >= 50 ? fullSize : slowRateSize]]
      : [
          [50, fullSize],
          [5, slowRateSize],
        ];
    for (const [rate, size] of plan) {
      runs.push(await fanOut(rate, options.subscribers ?? size, progress));
    }
    const exact = (r: RunResult) =>
      r.report.accepted === r.count &&
      r.report.recipients === r.count &&
      r.report.duplicated === 0 &&
      r.pending === 0;
    const pass = runs.every(
      (r) => exact(r) && r.ratio >= 0.95 && r.firstCallMs < 1000 && r.peakRss < 300 * 1024 * 1024,
    );
    const rows = runs.map((r) => [
      `${r.rate} req/s × 100 (ceiling ${int(r.rate * 100)}/s)`,
      int(r.count) + (r.count < fullSize ? " (scaled down)" : ""),
      `${int(r.emailsPerSecond)}/s = ${fixed(r.ratio)} (≥ 0.95)`,
      `${int(r.firstCallMs)} ms (< 1,000)`,
      `${mb(r.peakRss)} (< 300; ${mb(r.baseRss)} before)`,
      `${int(r.cpuPerThousand)} ms (fake Resend ${int(r.fakeCpuPerThousand)} ms)`,
      `${int(r.report.accepted)} accepted, ${r.report.duplicated} dup, ${r.pending} pending, ${r.report.rateLimited} × 429`,
    ]);
    const scaled = runs.some((r) => r.count < fullSize);
    return {
      report: [
        ...table(
          [
            "provider limit",
            "subscribers",
            "achieved",
            "POST → 1st call",
            "peak RSS",
            "CPU / 1,000",
            "delivery",
          ],
          rows,
        ),
        ...(scaled
          ? [
              "",
              `scaled down: ${int(fullSize)} at 5 requests/s takes 200 s; pass --subscribers=${fullSize} for the full size.`,
            ]
          : []),
      ],
      headline: runs
        .map(
          (r) =>
            `${r.rate}/s: ${fixed(r.ratio)} of ceiling, 1st call ${int(r.firstCallMs)} ms, ${mb(r.peakRss)}`,
        )
        .join("; "),
      pass,
    };
  },
};
