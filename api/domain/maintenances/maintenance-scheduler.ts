import type { Deps } from "../context.ts";
import { advanceMaintenances, nextMaintenanceEdge } from "./advance-maintenances.ts";

export interface MaintenanceScheduler {
  /** Re-plans at once: call after a local change to a maintenance. */
  poke(): void;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Upper bound on a sleep, so changes made by another process are picked up. */
  maxSleepMs?: number;
}

/**
 * Runs `advanceMaintenances` at every window edge. It runs once at start, so a maintenance whose
 * edge passed while the server was down is moved as soon as it is back.
 */
export function startMaintenanceScheduler(
  deps: Deps,
  { maxSleepMs = 15_000 }: SchedulerOptions = {},
): MaintenanceScheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const plan = async () => {
    if (stopped) return;
    const next = await nextMaintenanceEdge(deps);
    const wait = next ? Math.max(0, next.getTime() - deps.clock.now().getTime()) : maxSleepMs;
    clearTimeout(timer);
    timer = setTimeout(tick, Math.min(Math.max(wait, 200), maxSleepMs));
  };
  const tick = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const moves = await advanceMaintenances(deps);
        if (moves) deps.logger.info("maintenance scheduler moved maintenances", { moves });
      } catch (error) {
        deps.logger.error("maintenance scheduler failed", { error: String(error) });
      }
      await plan().catch((error) =>
        deps.logger.error("maintenance scheduler could not plan", { error: String(error) }),
      );
    });
  };
  tick();
  return {
    poke: tick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
