import type { LoadGenerator } from "./load.ts";

/** Knobs shared by every benchmark; set from the command line (see run.ts). */
export interface BenchOptions {
  /** Seconds of measured load per run. */
  durationSeconds: number;
  /** Seconds of unmeasured load per subject before its first measured run (JIT, caches). */
  warmupSeconds: number;
  /** How many times each subject is measured; runs of different subjects alternate. */
  rounds: number;
  connections: number;
  /** Fan-out size for notifier-fanout at every rate; unset, each rate uses its own default. */
  subscribers?: number;
  /** notifier-fanout: run only this provider rate (requests/s) instead of 50 then 5. */
  rate?: number;
  /** monitor-poll: seconds of polling instead of what its interval needs. */
  windowSeconds?: number;
  /** monitor-poll: the dependencies' poll interval in seconds instead of the default 60. */
  intervalSeconds?: number;
  /** summary-throughput and monitor-poll: each measured server writes a V8 CPU profile (--cpu-prof) into this folder. */
  cpuProfileDir?: string;
}

export interface BenchContext {
  options: BenchOptions;
  load: LoadGenerator;
  /** Progress for humans (stderr); figures go in the outcome. */
  progress(message: string): void;
}

export interface BenchOutcome {
  /** The figures, printed as they are. */
  report: string[];
  /** One line for the final summary, e.g. `ratio 0.93`. */
  headline: string;
  /** null when the benchmark has no target. */
  pass: boolean | null;
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}
