import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Starting leaves a heap sized for the start: migrations, the demo data, the templates compiled,
 * every module's top level run once. V8 keeps the young generation it grew for that and the
 * bytecode of functions that will not run again, and its own memory reducer does not step in on a
 * server whose notifier and monitor wake it every second. One collection that favours memory over
 * speed, once the server is up, hands that back (about 5 MiB of a 110 MiB process).
 */

/** How long after the server starts listening: the first polls and elections are over by then. */
export const startupSettleMs = 1_000;

type Gc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

/**
 * Runs that collection. V8 only hands out its `gc` function to a context made while `--expose-gc`
 * is set; the flag is set for that moment only, because a server started with it spends measurably
 * more processor time per request (about a quarter on the summary).
 */
export function releaseStartupMemory(): void {
  setFlagsFromString("--expose-gc");
  let gc: Gc;
  try {
    gc = runInNewContext("gc") as Gc;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
  // "last-resort": the collection V8 runs under memory pressure, which also shrinks the young
  // generation and drops old bytecode; a regular one frees almost nothing here.
  gc({ type: "major", execution: "sync", flavor: "last-resort" });
}

/** Schedules `releaseStartupMemory` once; the timer does not keep the process alive. */
export function releaseStartupMemoryLater(delayMs = startupSettleMs): void {
  setTimeout(releaseStartupMemory, delayMs).unref();
}
