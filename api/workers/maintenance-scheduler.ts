import type { Deps } from "../domain/context.ts";
import { advanceMaintenances, nextMaintenanceEdge } from "../domain/maintenances/advance-maintenances.ts";
import { startLoop } from "./loop.ts";

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
  const loop = startLoop({
    maxSleepMs,
    pass: async () => {
      try {
        const moves = await advanceMaintenances(deps);
        if (moves) deps.logger.info("maintenance scheduler moved maintenances", { moves });
      } catch (error) {
        deps.logger.error("maintenance scheduler failed", { error: String(error) });
      }
      const next = await nextMaintenanceEdge(deps);
      const wait = next ? Math.max(0, next.getTime() - deps.clock.now().getTime()) : maxSleepMs;
      return Math.max(wait, 200);
    },
    onError: (error) => deps.logger.error("maintenance scheduler could not plan", { error: String(error) }),
  });
  return { poke: loop.poke, stop: loop.stop };
}
