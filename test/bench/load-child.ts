/**
 * The load generator process, forked by load.ts: it waits for run requests on the IPC channel, runs
 * autocannon against 127.0.0.1 and answers with the figures only (never the histograms).
 */
import autocannon from "autocannon";
import type { LoadReply, LoadRequest, LoadSample } from "./load.ts";

async function measure(request: LoadRequest): Promise<LoadSample> {
  const url = new URL(request.url);
  if (url.hostname !== "127.0.0.1") throw new Error(`refusing to load a non-loopback target: ${request.url}`);
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.durationSeconds,
    timeout: 10,
    ...(request.headers ? { headers: request.headers } : {}),
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    durationSeconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.duration > 0 ? result.requests.total / result.duration : 0,
    bytesPerSecond: result.throughput.average,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    resets: result.resets,
    loaderCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

process.on("message", (message: LoadRequest) => {
  measure(message).then(
    (sample) => process.send?.({ id: message.id, sample } satisfies LoadReply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies LoadReply),
  );
});
// The parent closes the channel when it is done (or dies): leave with it.
process.on("disconnect", () => process.exit(0));
process.send?.({ id: 0, ready: true } satisfies LoadReply);
