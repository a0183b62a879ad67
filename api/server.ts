import { type Config, ConfigError, parseConfig } from "./config.ts";

/**
 * Entry point: parse config once, open and migrate the database, put the server together
 * (compose.ts), serve HTTP, and stop cleanly on SIGINT or SIGTERM.
 * The configuration is checked before the rest of the server is loaded, so a wrong value fails at once.
 */
async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vigie: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { serve } = await import("@hono/node-server");
  const { openDatabase, DatabaseOpenError } = await import("./boot.ts");
  const { systemClock } = await import("./domain/clock.ts");
  const { createLogger } = await import("./domain/logger.ts");
  const { compose } = await import("./compose.ts");

  const logger = createLogger(config.server.logLevel);
  const opened = await openDatabase(config, systemClock, logger, { requireWritable: true }).catch((error) => {
    // Like a wrong setting: DATABASE_URL names something this process cannot use.
    if (!(error instanceof DatabaseOpenError)) throw error;
    process.stderr.write(`vigie: ${error.message}\n`);
    process.exit(2);
  });
  const { handle } = opened;
  const vigie = await compose(config, opened);
  const { app, seeded, setup, email } = vigie;

  const consoleUrl = config.server.adminUrl ?? config.server.publicUrl;
  const { serverWithFastPath } = await import("./http/public/public-fast-path.ts");
  const server = serve(
    {
      fetch: app.fetch,
      port: config.server.port,
      hostname: config.server.host,
      // The public documents already cached are answered on Node's objects, ahead of the adapter.
      createServer: serverWithFastPath(app.nodeFastPath),
    },
    (info) => {
      const demo = seeded ? "demo data loaded" : config.demo ? "existing data kept" : "demo data off";
      process.stdout.write(
        `Vigie is running at ${config.server.publicUrl} (listening on ${info.address}:${info.port})\n` +
          `  database: ${handle.location} (${handle.kind}); ${demo}\n` +
          `  public API: ${config.server.publicUrl}/api/v2/summary.json · admin API: ${consoleUrl}/api/openapi.json\n` +
          (setup
            ? `  first start: create the owner account at ${consoleUrl}/admin/setup?token=${setup.token} (valid 1 hour)\n`
            : `  console: ${consoleUrl}/admin\n`) +
          (email
            ? `  email: ${email.description}\n  sms: ${email.smsDescription}\n`
            : "  email: not sent by this process (VIGIE_NOTIFIER=0)\n") +
          (config.jobs.publisher
            ? `  status page: ${config.server.publicUrl}/ (static build in ${vigie.siteDir}, rebuilt on every change by the elected process)\n`
            : "  status page: not built by this process (VIGIE_PUBLISHER=0)\n") +
          (vigie.backups
            ? `  backups: every ${config.backups.intervalMs / 3_600_000} h to ${config.backups.targets.join(", ")} (keeping ${config.backups.keep}${config.backups.withSecrets ? ", with secrets" : ""})\n`
            : ""),
      );
      vigie.listening();
    },
  );
  server.on("error", (error: NodeJS.ErrnoException) => {
    const hint =
      error.code === "EADDRINUSE" ? ` Port ${config.server.port} is taken: set PORT to another port.` : "";
    process.stderr.write(
      `vigie: cannot listen on ${config.server.host}:${config.server.port}: ${error.message}.${hint}\n`,
    );
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    // Requests in flight may finish (for a few seconds at most); idle connections close at once.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = setTimeout(
      () => (server as { closeAllConnections?: () => void }).closeAllConnections?.(),
      5_000,
    );
    await closed;
    clearTimeout(deadline);
    await vigie.stop();
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
