import type { Deps } from "../context.ts";
import { type LeaseName, newHolderId } from "./lease-store.ts";
import { type Elected, type ElectedJob, runElected } from "./run-elected.ts";

export interface Elections {
  /** This process's name in the leases table. */
  holder: string;
  /** Runs `start()` while this process holds the lease `name` (see `runElected`). */
  elect<J extends ElectedJob>(name: LeaseName, start: () => J | Promise<J>): Elected<J>;
  /** The leases this process holds right now. */
  held(): LeaseName[];
  /** Stops every elected job and gives the leases up. */
  stop(): Promise<void>;
}

/** The jobs this process may be elected for, all under one holder name and one lease lifetime. */
export function createElections(deps: Deps, ttlMs: number): Elections {
  const holder = newHolderId();
  const all = new Map<LeaseName, Elected<ElectedJob>>();
  return {
    holder,
    elect: (name, start) => {
      const elected = runElected({ deps, name, holder, ttlMs, start });
      all.set(name, elected);
      return elected;
    },
    held: () => [...all].filter(([, e]) => e.held()).map(([name]) => name),
    stop: async () => {
      await Promise.all([...all.values()].map((e) => e.stop()));
    },
  };
}
