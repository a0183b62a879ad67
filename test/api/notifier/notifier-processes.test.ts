import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createDb, type DbHandle, migrateDb } from "../../../db/client.ts";
import { deliveries } from "../../../db/schema/index.ts";
import { type FakeResend, seededRandom, startFakeResend } from "../../helpers/fake-resend.ts";
import { seedEmailSubscribers } from "../../helpers/seed-subscribers.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

interface Worker {
  child: ChildProcess;
  /** Lines printed so far: `ready`, then one `sent a/n` per batch call. */
  lines: string[];
  exited: Promise<number | null>;
}

let dir: string;
let handle: DbHandle;
let deps: Deps;
let resend: FakeResend;
let workers: Worker[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-workers-"));
  handle = createDb({ url: `file:${join(dir, "vigie.db")}`, busyTimeoutMs: 10_000 });
  await migrateDb(handle);
  deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  workers = [];
});
afterEach(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await resend.close();
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(maxPerSecond: number): Worker {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "test/fixtures/notifier-worker.ts",
      join(dir, "vigie.db"),
      resend.url,
      resend.apiKey,
      `--max-per-second=${maxPerSecond}`,
    ],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const worker = { child, lines, exited };
  workers.push(worker);
  return worker;
}

async function waitFor(what: string, ready: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const addSubscribers = (count: number) =>
  seedEmailSubscribers(deps, count, {
    at: systemClock.now(),
    address: (i) => `user${i}@example.com`,
    locale: (i) => (i % 3 === 0 ? "fr" : "en"),
  });

const deliveryStates = async () => {
  const rows = await deps.read((db) => db.select({ state: deliveries.state }).from(deliveries));
  const states = { pending: 0, sent: 0, failed: 0, delivered: 0, bounced: 0, complained: 0 };
  for (const { state } of rows) states[state as keyof typeof states] += 1;
  return { total: rows.length, ...states };
};

/** Waits until every expected delivery exists and none is pending. */
const allSettled = (expected: number, timeoutMs: number) =>
  waitFor(
    `${expected} deliveries settled`,
    async () => {
      const states = await deliveryStates();
      return states.total === expected && states.pending === 0;
    },
    timeoutMs,
  );

function messagesPerRecipient() {
  const received = new Map<string, number>();
  for (const email of resend.emails) for (const to of email.to) received.set(to, (received.get(to) ?? 0) + 1);
  return received;
}

const batchCalls = (w: Worker) => w.lines.filter((line) => line.startsWith("sent ")).length;

describe("notifier worker processes sharing one database file", () => {
  it("sends exactly one message per recipient when a worker is SIGKILLed mid-fan-out and another takes over", {
    timeout: 90_000,
  }, async () => {
    const count = 1500;
    resend = await startFakeResend({ requestsPerSecond: 20 });
    await addSubscribers(count);
    await createIncident({
      ctx: { deps, actor: systemActor("test") },
      input: { name: "Database down", body: "Investigating." },
    });
    // The fourth call is accepted but its answer is lost, and the calls after it hang: the worker
    // is killed while that batch is recorded nowhere but at the provider.
    resend.setFaults({
      kind: "schedule",
      steps: ["ok", "ok", "ok", "drop-after-accept", "timeout", "timeout", "timeout", "timeout"],
    });
    const first = startWorker(4);
    await waitFor(
      "the in-flight batch",
      () => resend.requests.some((r) => r.outcome === "drop-after-accept"),
      45_000,
    );
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(null);
    const acceptedBeforeKill = resend.emails.length;
    expect(acceptedBeforeKill).toBeGreaterThanOrEqual(400);
    expect(acceptedBeforeKill).toBeLessThan(count);
    expect((await deliveryStates()).pending).toBeGreaterThan(0);
    const requestsBeforeKill = resend.requests.length;

    resend.setFaults({ kind: "none" });
    const second = startWorker(20);
    await allSettled(count, 60_000);

    const received = messagesPerRecipient();
    expect(received.size).toBe(count);
    expect([...received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(await deliveryStates()).toMatchObject({ total: count, sent: count, failed: 0 });
    expect(batchCalls(second)).toBeGreaterThan(0);
    // The batch lost with the first worker was sent again under the same key and replayed.
    expect(resend.requests.slice(requestsBeforeKill).some((r) => r.replayed)).toBe(true);
  });

  it("sends exactly one message per recipient with three workers at once through 20% injected faults", {
    timeout: 90_000,
  }, async () => {
    const count = 2000;
    resend = await startFakeResend({ requestsPerSecond: 30, faultRetryAfterSeconds: 0 });
    await addSubscribers(count);
    // Seeded, so the run always holds a lost answer early on (the third call): faults are drawn in
    // the order calls arrive, whichever worker makes them.
    resend.setFaults({
      kind: "random",
      probability: 0.2,
      faults: ["500", "429", "drop-after-accept"],
      random: seededRandom(3),
    });
    const three = [startWorker(4), startWorker(4), startWorker(4)];
    await waitFor("three workers ready", () => three.every((w) => w.lines.includes("ready")), 45_000);
    await createIncident({
      ctx: { deps, actor: systemActor("test") },
      input: { name: "Network down", body: "Investigating." },
    });
    await allSettled(count, 60_000);

    const received = messagesPerRecipient();
    expect(received.size).toBe(count);
    expect([...received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(await deliveryStates()).toMatchObject({ total: count, sent: count, failed: 0 });
    expect(three.map(batchCalls).every((calls) => calls > 0)).toBe(true);
    expect(resend.requests.some((r) => r.outcome === "drop-after-accept")).toBe(true);
    expect(resend.requests.some((r) => r.replayed)).toBe(true);
  });
});
