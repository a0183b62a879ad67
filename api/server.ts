import { serve } from "@hono/node-server";
import { openDatabase } from "./boot.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { systemClock } from "./domain/clock.ts";
import { isEmpty, seedDemo } from "./domain/demo/seed-demo.ts";
import { createLogger } from "./domain/logger.ts";
import { startMaintenanceScheduler } from "./domain/maintenances/maintenance-scheduler.ts";
import { createApp } from "./http/app.ts";
import { landingRoutes } from "./http/landing.ts";

/** Entry point: parse config once, open and migrate the database, serve HTTP, run the scheduler. */
async function main() {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vigie: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const { handle, deps } = await openDatabase(config, systemClock, logger);
  let seeded = false;
  if (config.demo && (await isEmpty(deps))) {
    await seedDemo(deps);
    seeded = true;
  }
  const scheduler = startMaintenanceScheduler(deps);
  const app = createApp({ deps, publicUrl: config.publicUrl, onScheduleChange: scheduler.poke });
  app.route("/", landingRoutes());

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const demo = seeded ? "demo data loaded" : config.demo ? "existing data kept" : "demo data off";
    process.stdout.write(
      `Vigie is running at ${config.publicUrl} (listening on ${info.address}:${info.port})\n` +
        `  database: ${handle.location} (${handle.kind}); ${demo}\n` +
        `  public API: ${config.publicUrl}/api/v2/summary.json · admin API: ${config.publicUrl}/api/openapi.json\n`,
    );
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    const hint =
      error.code === "EADDRINUSE" ? ` Port ${config.port} is taken: set PORT to another port.` : "";
    process.stderr.write(`vigie: cannot listen on ${config.host}:${config.port}: ${error.message}.${hint}\n`);
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    server.close();
    await scheduler.stop();
    handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(`vigie: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
