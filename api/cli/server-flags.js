// How the server process is sized: read by `vigie serve` (api/cli/bin.js) and by the benchmarks
// that start a server the same way.

/**
 * The server's heap limits, the same as in `npm start`: a small young generation keeps an idle
 * server's memory low (2 MiB semi-spaces would save 4 MiB more, but cost a quarter more CPU per
 * request of the summary), and the old generation's ceiling makes a leak fail fast rather than
 * swap. An operator's own setting (on the command line or in NODE_OPTIONS) wins.
 */
export const heapFlags = ["--max-semi-space-size=4", "--max-old-space-size=256"];

/**
 * glibc gives each thread that allocates (V8's helpers, libuv's pool) an arena of its own, each of
 * which keeps freed memory: two are enough for a server that runs JavaScript on one thread, and
 * save some 4 MiB. Read by the C library at start, so set for the process that replaces this one.
 */
export const mallocEnv = { MALLOC_ARENA_MAX: "2" };
