/**
 * The one loop the background workers share (notifier, monitor, publisher, maintenance scheduler,
 * backups). A pass runs as soon as the loop starts, then again when the delay it returned has
 * passed, or at once when poked. Passes never overlap: a poke during a pass runs one more pass right
 * after it, since the pass in flight may have looked for work before the change the poke announces.
 * Sleeps are bounded by `maxSleepMs`, so what another process changed in the database is seen
 * without a poke.
 */
export interface LoopOptions {
  /**
   * One pass. Resolves to how long to sleep before the next one (ms, at most `maxSleepMs`);
   * nothing means `maxSleepMs`.
   */
  pass(): Promise<number | undefined>;
  /** Longest sleep between two passes. */
  maxSleepMs: number;
  /** A pass threw: say so (the loop logs nothing by itself). The loop goes on after `retryMs`. */
  onError(error: unknown): void;
  /** Sleep after a pass that threw (default `maxSleepMs`). */
  retryMs?: number;
  /** Whether a sleeping loop keeps the process alive (default true). */
  keepAlive?: boolean;
}

export interface Loop {
  /** Runs a pass now, or right after the one in flight. */
  poke(): void;
  /** Like `poke`; resolves once a pass that started after this call has finished. */
  runNow(): Promise<void>;
  /** No pass starts any more; resolves once the one in flight (if any) has finished. */
  stop(): Promise<void>;
}

export function startLoop(options: LoopOptions): Loop {
  const { maxSleepMs, retryMs = maxSleepMs, keepAlive = true } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  /** Set by a poke during a pass: resolved when the pass run for it ends. */
  let following: PromiseWithResolvers<void> | null = null;

  const sleep = (ms: number | undefined) => {
    clearTimeout(timer);
    if (stopped) return;
    const bounded =
      typeof ms === "number" && !Number.isNaN(ms) ? Math.min(Math.max(ms, 0), maxSleepMs) : maxSleepMs;
    timer = setTimeout(() => void run(), bounded);
    if (!keepAlive) timer.unref();
  };

  const once = async () => {
    try {
      return await options.pass();
    } catch (error) {
      try {
        options.onError(error);
      } catch {
        // A broken logger must not stop the loop.
      }
      return retryMs;
    }
  };

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (inFlight) {
      following ??= Promise.withResolvers<void>();
      return following.promise;
    }
    clearTimeout(timer);
    timer = undefined;
    const pass = once().then((next) => {
      inFlight = null;
      const waiting = following;
      following = null;
      if (!waiting) return sleep(next);
      if (stopped) return waiting.resolve();
      void run().then(waiting.resolve);
    });
    inFlight = pass;
    return pass;
  };

  // The first pass starts on the next turn of the event loop, once the caller holds the loop.
  sleep(0);
  return {
    poke: () => void run(),
    runNow: run,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      while (inFlight) await inFlight;
      following?.resolve();
    },
  };
}
