// The API server with its dependency monitor in its own process, as `npm start` runs it (without the
// notifier and the publisher), so that its CPU and RSS can be measured alone.
// Usage: monitor-server-process.ts <database file>
// Over the IPC channel: sends `{ url }` once the monitor runs, answers "report" with a
// MonitorServerReport, and stops on "close". RSS is sampled every 100 ms from the start.

import { systemClock } from "../../api/domain/clock.ts";
import { createDeps } from "../../api/domain/context.ts";
import { createLogger, type Logger } from "../../api/domain/logger.ts";
import { createApp } from "../../api/http/app.ts";
import type { Monitor } from "../../api/monitor/poller.ts";
import { startDependencyMonitor } from "../../api/monitor/start-dependency-monitor.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { serveApp } from "../helpers/serve.ts";

export interface MonitorServerReport {
  rss: number;
  peakRss: number;
  /** CPU time (user + system) of this process since it started, in ms. */
  cpuMs: number;
  /** Checks that failed (fetch or parse): the dependency was seen `unknown`. */
  failedChecks: number;
  /** The first few failures, to say why. */
  failures: string[];
  /** Confirmed state changes (past the flap guard). */
  stateChanges: number;
  /** Errors logged by the monitor (a check that could not be recorded, a failed claim). */
  errors: number;
}

const counts = { failedChecks: 0, stateChanges: 0, errors: 0 };
const failures: string[] = [];
const stderr = createLogger("warn");
// Counts what the monitor says about its checks; warnings and errors still go to stderr.
const logger: Logger = {
  ...stderr,
  debug: (message, fields) => {
    if (message !== "dependency check failed") return;
    counts.failedChecks++;
    if (failures.length < 5) failures.push(`${String(fields?.dependency)}: ${String(fields?.error)}`);
  },
  info: (message) => {
    if (message === "dependency state changed") counts.stateChanges++;
  },
  error: (message, fields) => {
    counts.errors++;
    stderr.error(message, fields);
  },
};

const [file] = process.argv.slice(2);
const handle = createDb({ url: `file:${file}` });
await migrateDb(handle);
const deps = createDeps({ handle, clock: systemClock, logger });
let monitor: Monitor | undefined;
deps.signals.on("dependencies-due", () => monitor?.wake());
const served = await serveApp(createApp({ deps, publicUrl: "http://status.test" }));
// Started last, so that its first round of checks falls inside the measured window.
monitor = startDependencyMonitor({ deps });

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100);

process.on("message", async (message) => {
  if (message === "report") {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    const cpu = process.cpuUsage();
    process.send?.({
      rss,
      peakRss,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...counts,
      failures,
    } satisfies MonitorServerReport);
  }
  if (message === "close") {
    clearInterval(sampler);
    await monitor?.stop();
    await served.close();
    handle.close();
    process.disconnect?.();
  }
});
process.send?.({ url: served.url });
