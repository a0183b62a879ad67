// How the server process is sized: read by `vigie serve` (api/cli/bin.js) and by the benchmarks
// that start a server the same way.
import { Script } from "node:vm";

/**
 * The server's heap limits, the same as in `npm start`: a small young generation keeps an idle
 * server's memory low (2 MiB semi-spaces would save 4 MiB more, but cost a quarter more CPU per
 * request of the summary), and the old generation's ceiling makes a leak fail fast rather than
 * swap. The minimum keeps the memory reducer (see `keepMemoryReducerWorking`) from taking the young
 * generation down to its smallest size while the server waits: the next visitors would pay for
 * growing it back over a few seconds of scavenges. An operator's own setting (on the command line
 * or in NODE_OPTIONS) wins.
 */
export const heapFlags = ["--max-semi-space-size=4", "--min-semi-space-size=4", "--max-old-space-size=256"];

/**
 * glibc gives each thread that allocates (V8's helpers, libuv's pool) an arena of its own, each of
 * which keeps freed memory: two are enough for a server that runs JavaScript on one thread, and
 * save some 4 MiB. Read by the C library at start, so set for the process that replaces this one.
 */
export const mallocEnv = { MALLOC_ARENA_MAX: "2" };

/** How often the C++ heap is given a small allocation (see `keepMemoryReducerWorking`). */
const cppHeapNudgeMs = 30_000;

/**
 * V8's memory reducer hands an idle server's memory back (the young generation grown while
 * starting, the old generation compacted: some 8 MiB here) once the allocation rates it reads are
 * low. The V8 of Node 24 reads a C++ heap (cppgc) rate of exactly zero as the highest of rates, so
 * a process that never allocates there, like this one, keeps its start-up heap for good. Compiling a
 * script with `node:vm` allocates a small object on that heap: the rate is then tiny rather than
 * zero. It decays back to zero within two minutes, hence one such script every half minute (a few
 * microseconds each). Under load the other rates are high, so this never starts a collection then.
 * The timer does not keep the process alive.
 */
export function keepMemoryReducerWorking() {
  new Script("");
  setInterval(() => new Script(""), cppHeapNudgeMs).unref();
}
