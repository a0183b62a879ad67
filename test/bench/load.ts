import { type ChildProcess, fork } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the load comes from. The machine has 2 cores and a Node process serves HTTP on one thread, so
 * the fair split is one core for the server under test and one for the load generator: autocannon runs
 * in its own child process (own event loop, own GC, scheduled by the OS on the other core), and the
 * servers run in the benchmark's main thread. Running autocannon in the same thread as the server
 * would make every request pay for both sides and hide the server's own cost; a worker thread would
 * also work but would share the process (heap limits, libuv pool, profiling flags), so a plain child
 * process isolates best. One child is started once and reused for every run, so no run pays its
 * start-up, and every subject is loaded by the same generator in the same way.
 */

export interface LoadRequest {
  id: number;
  url: string;
  connections: number;
  durationSeconds: number;
  /** Request headers, e.g. the Accept-Encoding a browser sends. */
  headers?: Record<string, string>;
}

export interface LoadSample {
  durationSeconds: number;
  /** Completed requests. */
  requests: number;
  requestsPerSecond: number;
  bytesPerSecond: number;
  latencyMs: { mean: number; p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  /** CPU time the load generator itself used during the run. */
  loaderCpuSeconds: number;
}

export type LoadReply =
  | { id: number; ready: true }
  | { id: number; sample: LoadSample }
  | { id: number; error: string };

export interface LoadGenerator {
  run(options: Omit<LoadRequest, "id">): Promise<LoadSample>;
  close(): void;
}

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, "../..");
const runGraceSeconds = 30;

/** Starts the autocannon child process and resolves once it is ready to take runs. */
export function startLoadGenerator(): Promise<LoadGenerator> {
  const child: ChildProcess = fork(resolve(here, "load-child.ts"), [], {
    cwd: projectRoot,
    // Only the TypeScript loader: profiling or inspector flags given to the parent stay with the parent.
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(s: LoadSample): void; reject(e: Error): void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  return new Promise((resolveReady, rejectReady) => {
    child.once("error", rejectReady);
    child.once("exit", (code, signal) => {
      const error = new Error(`load generator exited (code ${code}, signal ${signal})`);
      rejectReady(error);
      failAll(error);
    });
    child.on("message", (reply: LoadReply) => {
      if ("ready" in reply) {
        resolveReady({
          run: (options) =>
            new Promise((resolveRun, rejectRun) => {
              const id = nextId++;
              // A run ends after its duration (plus autocannon's 10 s request timeout); past that,
              // something is stuck: stop the generator rather than wait forever.
              const guard = setTimeout(
                () => {
                  pending.delete(id);
                  rejectRun(new Error(`load generator: run ${id} did not finish in time`));
                  child.kill();
                },
                (options.durationSeconds + runGraceSeconds) * 1000,
              );
              pending.set(id, {
                resolve: (sample) => {
                  clearTimeout(guard);
                  resolveRun(sample);
                },
                reject: (error) => {
                  clearTimeout(guard);
                  rejectRun(error);
                },
              });
              child.send({ ...options, id } satisfies LoadRequest);
            }),
          close: () => {
            if (child.connected) child.disconnect();
          },
        });
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if ("sample" in reply) p.resolve(reply.sample);
      else p.reject(new Error(`load generator: ${reply.error}`));
    });
  });
}
