import type { Deps } from "../domain/context.ts";
import { systemActor } from "../domain/context.ts";
import {
  claimDueDependencies,
  nextDueAt,
  type PollJob,
} from "../domain/dependencies/claim-due-dependencies.ts";
import type { PollResult } from "../domain/dependencies/poll-result.ts";
import { recordPollResult } from "../domain/dependencies/record-poll-result.ts";
import type { Logger } from "../domain/logger.ts";
import type { SafeFetch } from "../net/safe-fetch.ts";
import { startLoop } from "../workers/loop.ts";
import { pollSource } from "./sources/registry.ts";
import type { SourceRegistry } from "./sources/types.ts";

export interface MonitorOptions {
  deps: Deps;
  registry: SourceRegistry;
  fetch: SafeFetch;
  userAgent: string;
  /** Per check, handed to the adapter (and its fetches). */
  timeoutMs: number;
  logger?: Logger;
  /** Checks in flight at once. */
  concurrency?: number;
  /** Upper bound on a sleep, so dependencies added by another process are picked up. */
  maxSleepMs?: number;
}

export interface Monitor {
  /** Looks for due dependencies now (after "check now", a new dependency, …). */
  wake(): void;
  /** Stops taking new checks and waits for those in flight to be recorded. */
  stop(): Promise<void>;
  /** Resolves once nothing is due and no check is in flight (tests and benchmarks wait on it). */
  idle(): Promise<void>;
}

const actor = systemActor("monitor");

/**
 * The dependency monitor: checks due dependencies a few at a time, records each result (flap guard,
 * history, incidents) and sleeps until the next one is due. No busy loop: one timer, woken early by
 * `wake()` or when a check finishes.
 */
export function startMonitor(options: MonitorOptions): Monitor {
  const { deps, registry, fetch, userAgent, timeoutMs, concurrency = 4, maxSleepMs = 30_000 } = options;
  const logger = options.logger ?? deps.logger;
  // A claimed dependency is not due again before this: a check that crashed the process is retried.
  const leaseMs = Math.max(timeoutMs * 3, 60_000);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let idleWaiters: (() => void)[] = [];
  // When the next check is due, as this process last learnt it (from a read, a claim or a recorded
  // check), so that the pump after each check needs no query. Forgotten on wake() and after
  // maxSleepMs, so that what another process or an admin changed is read again.
  let known: { dueAt: number | null; learntAt: number } | undefined;
  // Due times of checks recorded while a read or a claim was under way, which it may not have seen.
  let heard: number | null = null;
  const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  const learnDue = (at: number) => {
    heard = earliest(heard, at);
    if (known) known.dueAt = earliest(known.dueAt, at);
  };
  const learn = async (query: () => Promise<Date | null>) => {
    heard = null;
    const dueAt = (await query())?.getTime() ?? null;
    known = { dueAt: earliest(dueAt, heard), learntAt: Date.now() };
  };
  const forget = () => {
    known = undefined;
  };

  const check = async (job: PollJob) => {
    const result = await withDeadline(
      pollSource(registry, job.source, {
        fetch,
        validators: job.validators,
        now: deps.clock.now(),
        userAgent,
        timeoutMs,
      }),
      timeoutMs * 2 + 1_000,
    );
    const recorded = await recordPollResult(deps, actor, job.id, result, job.claimed);
    if (recorded?.dependency.enabled) learnDue(recorded.dependency.nextCheckAt.getTime());
    if (recorded?.change)
      logger.info("dependency state changed", {
        dependency: job.id,
        name: job.name,
        from: recorded.change.previous,
        to: recorded.change.next,
      });
    else if (result.kind === "failed")
      logger.debug("dependency check failed", { dependency: job.id, error: result.error });
  };

  const start = (job: PollJob) => {
    const claimedAt = deps.clock.now().getTime();
    const task = check(job)
      .catch((error) => {
        // The claim's lease stands: the dependency is due again when it runs out.
        learnDue(claimedAt + leaseMs);
        logger.error("dependency check could not be recorded", { dependency: job.id, error: String(error) });
      })
      .finally(() => {
        inFlight.delete(task);
        schedule();
      });
    inFlight.add(task);
  };

  /** One pass of the loop: claims what is due into the free slots, then says how long to sleep. */
  const pump = async (): Promise<number | undefined> => {
    if (stopped) return;
    const free = concurrency - inFlight.size;
    if (free > 0) {
      if (!known || Date.now() - known.learntAt >= maxSleepMs) await learn(() => nextDueAt(deps));
      // A claim is a write transaction: only when something is due.
      if (known && known.dueAt !== null && known.dueAt <= deps.clock.now().getTime()) {
        let jobs: PollJob[] = [];
        await learn(async () => {
          const claimed = await claimDueDependencies(deps, { limit: free, leaseMs });
          jobs = claimed.jobs;
          return claimed.nextDueAt;
        });
        for (const job of jobs) start(job);
      }
    }
    if (stopped || inFlight.size >= concurrency) return; // a finishing check schedules the next pump
    const next = known?.dueAt ?? null;
    if (next !== null && next <= deps.clock.now().getTime() && inFlight.size === 0) {
      // Due but not claimed (another process holds it, or it was just released): look again shortly.
      forget();
      return 250;
    }
    if (inFlight.size === 0) settleIdle();
    return Math.max(next !== null ? next - deps.clock.now().getTime() : maxSleepMs, 50);
  };

  const settleIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /** Runs one pump at a time; a call during a pump runs another right after it. */
  const loop = startLoop({
    maxSleepMs,
    pass: pump,
    onError: (error) =>
      logger.error("dependency monitor could not look for due checks", { error: String(error) }),
    keepAlive: false,
  });
  function schedule() {
    loop.poke();
  }

  const wake = () => {
    forget();
    schedule();
  };

  return {
    wake,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      }),
    stop: async () => {
      stopped = true;
      await loop.stop();
      await Promise.all([...inFlight]);
      settleIdle();
    },
  };
}

/** An adapter that outlives its own timeout is reported as failed; the poller never waits forever. */
async function withDeadline(poll: Promise<PollResult>, ms: number): Promise<PollResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PollResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: "failed", error: `no answer within ${ms} ms`, retryable: true, validators: {} }),
      ms,
    );
  });
  try {
    return await Promise.race([poll, late]);
  } finally {
    clearTimeout(timer);
  }
}
