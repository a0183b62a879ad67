/**
 * Starting leaves a heap sized for the start: migrations, the demo data, the templates compiled,
 * every module's top level run once. V8 keeps the young generation it grew for that and the
 * bytecode of functions that will not run again, and its own memory reducer does not step in on a
 * server whose notifier and monitor wake it every second. One collection that favours memory over
 * speed, once the server is up, hands that back (about 6 MiB of a 110 MiB process).
 */

/** How long after the server starts listening: the first polls and elections are over by then. */
export const startupSettleMs = 1_000;

type GcOptions = { type: "major"; execution: "sync"; flavor: "last-resort" };

/**
 * Runs that collection when V8 exposes it (`--expose-gc`, which `vigie serve` passes); does nothing
 * otherwise. Returns whether it ran.
 */
export function releaseStartupMemory(): boolean {
  const gc = (globalThis as { gc?: (options: GcOptions) => void }).gc;
  if (typeof gc !== "function") return false;
  // "last-resort": the collection V8 runs under memory pressure, which also shrinks the young
  // generation and drops old bytecode; a regular one frees almost nothing here.
  gc({ type: "major", execution: "sync", flavor: "last-resort" });
  return true;
}

/** Schedules `releaseStartupMemory` once; the timer does not keep the process alive. */
export function releaseStartupMemoryLater(delayMs = startupSettleMs): void {
  setTimeout(releaseStartupMemory, delayMs).unref();
}
