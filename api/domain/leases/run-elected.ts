import type { Deps } from "../context.ts";
import { acquireLease, type LeaseName, releaseLease } from "./lease-store.ts";

/** A job started when this process is elected, stopped when it is not any more. */
export interface ElectedJob {
  stop(): Promise<void>;
}

export interface RunElectedOptions<J extends ElectedJob> {
  deps: Deps;
  name: LeaseName;
  /** This process, as other processes (and `/readyz`) see it. */
  holder: string;
  /** How long a lease lasts unrenewed: a dead holder's job is taken over after about this long. */
  ttlMs: number;
  start(): J | Promise<J>;
}

export interface Elected<J extends ElectedJob> {
  /** Whether this process holds the lease (and runs the job) right now. */
  held(): boolean;
  /** The running job while elected. */
  job(): J | undefined;
  /** Stops the job and gives the lease up, so another process takes over at once. */
  stop(): Promise<void>;
}

/**
 * Runs `start()` while this process holds the lease `name`. The lease is renewed every third of its
 * lifetime; a holder that has not renewed it in time (the database is unreachable, the process
 * stalled), or that finds it taken, stops the job at once, before any other process can have
 * taken it over. The other processes try to take it at the same pace, so one of them takes over
 * within about `ttlMs` and a third of it after a holder dies.
 */
export function runElected<J extends ElectedJob>(options: RunElectedOptions<J>): Elected<J> {
  const { deps, name, holder, ttlMs } = options;
  const everyMs = Math.max(100, Math.floor(ttlMs / 3));
  let current: J | undefined;
  /** `performance.now()` after which the lease may have expired for the others. */
  let validUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();

  const lose = async (why: string | null) => {
    clearTimeout(watchdog);
    const job = current;
    current = undefined;
    validUntil = 0;
    if (!job) return;
    if (why) deps.logger.warn("lease lost; this process stops the job", { lease: name, why });
    await job
      .stop()
      .catch((error) => deps.logger.error("job did not stop cleanly", { lease: name, error: String(error) }));
  };

  // Not queued behind the renewal: a renewal that hangs must not keep the job running.
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => (performance.now() >= validUntil ? void lose("it was not renewed in time") : arm()),
      Math.max(1, validUntil - performance.now()),
    );
  };

  const attempt = async () => {
    if (stopped) return;
    // Measured before asking: the database counts the lifetime from a later moment than this one.
    const askedAt = performance.now();
    let holds: boolean;
    try {
      holds = await acquireLease(deps, name, holder, ttlMs);
    } catch (error) {
      deps.logger.warn("lease: the database did not answer", { lease: name, error: String(error) });
      if (current && performance.now() >= validUntil) await lose("it could not be renewed in time");
      return;
    }
    if (stopped) return;
    if (!holds) {
      if (current) await lose("another process holds it");
      return;
    }
    // A margin for the clocks' rates and the time the statement took to reach the database.
    validUntil = askedAt + ttlMs - Math.min(1000, ttlMs / 10);
    clearTimeout(watchdog);
    arm();
    if (current) return;
    deps.logger.info("lease taken; this process runs the job", { lease: name });
    current = await options.start();
  };

  const loop = () => {
    turn = turn
      .then(attempt)
      .catch((error) => deps.logger.error("lease loop failed", { lease: name, error: String(error) }));
    void turn.then(() => {
      if (!stopped) timer = setTimeout(loop, everyMs);
    });
  };
  loop();

  return {
    held: () => current !== undefined && performance.now() < validUntil,
    job: () => current,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await turn;
      const had = current !== undefined;
      await lose(null);
      if (had) await releaseLease(deps, name, holder).catch(() => undefined);
    },
  };
}
