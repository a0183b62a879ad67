import { afterEach, describe, expect, it } from "vitest";
import { createDeps, type Deps } from "../../../../api/domain/context.ts";
import { acquireLease, listLeases, releaseLease } from "../../../../api/domain/leases/lease-store.ts";
import { type Elected, type ElectedJob, runElected } from "../../../../api/domain/leases/run-elected.ts";
import { silentLogger } from "../../../../api/domain/logger.ts";
import { createDb } from "../../../../db/client.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let db: TestDb;
const running: Elected<ElectedJob>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
  db?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, ready: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A second connection to the same file: another process, as far as the database can tell. */
function otherProcess(file: string): Deps {
  const handle = createDb({ url: `file:${file}`, busyTimeoutMs: 5_000 });
  const deps = createDeps({ handle, clock: db.clock, logger: silentLogger });
  running.push({ held: () => false, job: () => undefined, stop: async () => handle.close() });
  return deps;
}

describe("leases", () => {
  it("are held by one holder at a time, renewed by it, and free again once released", async () => {
    db = await createTestDb({ storage: "file" });
    const other = otherProcess(db.file!);
    expect(await acquireLease(db.deps, "publisher", "a", 60_000)).toBe(true);
    expect(await acquireLease(other, "publisher", "b", 60_000)).toBe(false);
    expect(await acquireLease(db.deps, "publisher", "a", 60_000)).toBe(true);
    // Each job has its own lease.
    expect(await acquireLease(other, "notifier", "b", 60_000)).toBe(true);
    const held = await listLeases(db.deps);
    expect(held.map((l) => [l.name, l.holder])).toEqual([
      ["notifier", "b"],
      ["publisher", "a"],
    ]);
    // Releasing someone else's lease does nothing.
    await releaseLease(other, "publisher", "b");
    expect(await acquireLease(other, "publisher", "b", 60_000)).toBe(false);
    await releaseLease(db.deps, "publisher", "a");
    expect(await acquireLease(other, "publisher", "b", 60_000)).toBe(true);
  });

  it("can be taken over once the holder stopped renewing, and the acquisition time is the new holder's", async () => {
    db = await createTestDb({ storage: "file" });
    const other = otherProcess(db.file!);
    expect(await acquireLease(db.deps, "scheduler", "a", 150)).toBe(true);
    const [first] = await listLeases(db.deps);
    expect(await acquireLease(other, "scheduler", "b", 150)).toBe(false);
    await sleep(250);
    expect(await listLeases(db.deps)).toEqual([]);
    expect(await acquireLease(other, "scheduler", "b", 60_000)).toBe(true);
    const [second] = await listLeases(db.deps);
    expect(second!.holder).toBe("b");
    expect(second!.acquiredAt.getTime()).toBeGreaterThan(first!.acquiredAt.getTime());
    expect(await acquireLease(db.deps, "scheduler", "a", 60_000)).toBe(false);
  });

  it("let exactly one of many contenders win, however many ask at once", async () => {
    db = await createTestDb();
    for (let round = 0; round < 5; round++) {
      const wins = await Promise.all(
        Array.from({ length: 6 }, (_, i) => acquireLease(db.deps, "notifier", `p${i}-${round}`, 60_000)),
      );
      expect(wins.filter(Boolean)).toHaveLength(round === 0 ? 1 : 0);
    }
  });
});

describe("runElected", () => {
  function job(log: string[], who: string) {
    log.push(`${who} started`);
    return { stop: async () => void log.push(`${who} stopped`) };
  }

  it("runs the job in one process only, and in another once the first stops", async () => {
    db = await createTestDb({ storage: "file" });
    const log: string[] = [];
    const a = runElected({
      deps: db.deps,
      name: "publisher",
      holder: "a",
      ttlMs: 600,
      start: () => job(log, "a"),
    });
    running.push(a);
    await waitFor("a elected", () => a.held());
    const b = runElected({
      deps: otherProcess(db.file!),
      name: "publisher",
      holder: "b",
      ttlMs: 600,
      start: () => job(log, "b"),
    });
    running.push(b);
    // Several renewal periods: a keeps it, b never starts.
    await sleep(900);
    expect(a.held()).toBe(true);
    expect(b.held()).toBe(false);
    expect(log).toEqual(["a started"]);
    // A clean stop gives the lease up: b takes over at its next try, not after the lease's lifetime.
    const stoppedAt = performance.now();
    await a.stop();
    await waitFor("b elected", () => b.held());
    expect(performance.now() - stoppedAt).toBeLessThan(600);
    expect(log).toEqual(["a started", "a stopped", "b started"]);
  });

  it("stops the job at once when the lease is found taken by another", async () => {
    db = await createTestDb({ storage: "file" });
    const log: string[] = [];
    const a = runElected({
      deps: db.deps,
      name: "notifier",
      holder: "a",
      ttlMs: 600,
      start: () => job(log, "a"),
    });
    running.push(a);
    await waitFor("a elected", () => a.held());
    // Another process wrongly seizes the row (as if a's lease had expired while it stalled).
    await db.deps.write((tx) => tx.run("update leases set holder = 'intruder'"));
    await waitFor("a to stop", () => log.includes("a stopped"), 2_000);
    expect(a.held()).toBe(false);
  });

  it("stops the job when the lease cannot be renewed before it expires", async () => {
    db = await createTestDb({ storage: "file" });
    const log: string[] = [];
    let failing = false;
    const flaky: Deps = {
      ...db.deps,
      write: (fn) => (failing ? Promise.reject(new Error("database unreachable")) : db.deps.write(fn)),
    };
    const a = runElected({
      deps: flaky,
      name: "scheduler",
      holder: "a",
      ttlMs: 600,
      start: () => job(log, "a"),
    });
    running.push(a);
    await waitFor("a elected", () => a.held());
    failing = true;
    const cutAt = performance.now();
    await waitFor("a to stop", () => log.includes("a stopped"), 2_000);
    // Before the lease could have expired for the others.
    expect(performance.now() - cutAt).toBeLessThan(600);
    failing = false;
    await waitFor("a elected again", () => a.held());
    expect(log).toEqual(["a started", "a stopped", "a started"]);
  });
});
