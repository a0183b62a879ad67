import { join } from "node:path";
import { serverFlags, startBenchChild } from "./bench-child.ts";
import type { MonitorServerReport } from "./monitor-server-process.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The CPU the measured server spends per second when it has nothing to check: the same process, on
 * an empty database, asked for its report every second as the run does. Runs at a longer interval
 * spread fewer checks over the same seconds, so this share, charged to every second of a run and
 * not to its checks, is reported apart.
 */
export async function idleServerCpuMsPerSecond(dir: string, seconds: number): Promise<number> {
  const server = await startBenchChild<{ url: string }>(
    "test/bench/monitor-server-process.ts",
    [join(dir, "idle.db")],
    { flags: serverFlags },
  );
  try {
    // Start-up (imports, migrations, first compilations) is not what a running server costs.
    await sleep(2_000);
    const before = await server.ask<MonitorServerReport>("report");
    const startedAt = Date.now();
    for (let s = 0; s < seconds; s++) {
      await sleep(1_000);
      await server.ask<MonitorServerReport>("report");
    }
    const after = await server.ask<MonitorServerReport>("report");
    return ((after.cpuMs - before.cpuMs) * 1000) / (Date.now() - startedAt);
  } finally {
    await server.close();
  }
}
