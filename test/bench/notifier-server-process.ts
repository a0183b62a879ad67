// The API server with its email notifier in its own process, so its RSS can be measured alone.
// Usage: notifier-server-process.ts <database file> <Resend URL> <API key> <requests per second>
// Over the IPC channel: sends `{ url }` once serving, answers "report" with a ServerReport, and
// stops on "close". RSS is sampled every 100 ms from the first "report" (the baseline) on.

import { dirname } from "node:path";
import { parseConfig } from "../../api/config.ts";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createApp } from "../../api/http/app.ts";
import { startServerNotifier } from "../../api/notifier/start-notifier.ts";
import { loadTemplates } from "../../api/templates/load-templates.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { serveApp } from "../helpers/serve.ts";

export interface ServerReport {
  rss: number;
  peakRss: number;
  /** CPU time (user + system) of this process since it started, in ms. */
  cpuMs: number;
}

const [file, baseUrl, apiKey, rate] = process.argv.slice(2);
const handle = createDb({ url: `file:${file}` });
await migrateDb(handle);
const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
const publicUrl = "http://status.test";
// Configured as `npm start` would be, and started the same way (email on its own thread).
const config = parseConfig({
  RESEND_API_KEY: apiKey,
  RESEND_BASE_URL: baseUrl,
  RESEND_REQUESTS_PER_SECOND: rate,
  EMAIL_FROM: "Acme <status@acme.test>",
  PUBLIC_URL: publicUrl,
  DATA_DIR: dirname(file!),
});
const { notifier } = await startServerNotifier({
  deps,
  config,
  renderer: await loadTemplates(deps),
  thread: true,
});
deps.signals.on("queued", () => notifier.poke());
const served = await serveApp(createApp({ deps, publicUrl }));
await notifier.drain();

let peakRss = 0;
let sampler: NodeJS.Timeout | undefined;
process.on("message", async (message) => {
  if (message === "report") {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    sampler ??= setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 100);
    const cpu = process.cpuUsage();
    process.send?.({ rss, peakRss, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies ServerReport);
  }
  if (message === "close") {
    clearInterval(sampler);
    await notifier.stop();
    await served.close();
    handle.close();
    process.disconnect?.();
  }
});
process.send?.({ url: served.url });
