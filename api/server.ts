import { type Config, ConfigError, parseConfig } from "./config.ts";
import type { Elected } from "./domain/leases/run-elected.ts";
import type { Publisher } from "./publish/publisher.ts";

/**
 * Entry point: parse config once, open and migrate the database, serve HTTP, run the scheduler.
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
  const { isEmpty, seedDemo } = await import("./domain/demo/seed-demo.ts");
  const { createLogger } = await import("./domain/logger.ts");
  const { startMaintenanceScheduler } = await import("./domain/maintenances/maintenance-scheduler.ts");
  const { createServerApp } = await import("./http/server-app.ts");
  const { startPublisher } = await import("./publish/publisher.ts");
  const { SiteFolder } = await import("./publish/site-folder.ts");
  const { ElectedSiteFolder } = await import("./publish/elected-site-folder.ts");
  const { join, resolve } = await import("node:path");
  const { projectRoot } = await import("./project-root.ts");
  const { loadTemplates } = await import("./templates/load-templates.ts");
  const { startServerNotifier } = await import("./notifier/start-notifier.ts");
  const { startDependencyMonitor } = await import("./monitor/start-dependency-monitor.ts");
  const { createSetupToken } = await import("./domain/users/create-setup-token.ts");
  const { startBackupScheduler } = await import("./publish/backup-scheduler.ts");
  const { createElections } = await import("./domain/leases/elections.ts");
  const { requestRebuild } = await import("./domain/site/request-rebuild.ts");
  const { abandonSiteBuilds } = await import("./domain/site/abandon-builds.ts");
  const { DomainError } = await import("./domain/errors.ts");

  const logger = createLogger(config.server.logLevel);
  const opened = await openDatabase(config, systemClock, logger, { requireWritable: true }).catch((error) => {
    // Like a wrong setting: DATABASE_URL names something this process cannot use.
    if (!(error instanceof DatabaseOpenError)) throw error;
    process.stderr.write(`vigie: ${error.message}\n`);
    process.exit(2);
  });
  const { handle, deps } = opened;
  let seeded = false;
  if (config.demo && (await isEmpty(deps))) {
    await seedDemo(deps);
    seeded = true;
  }
  // No user yet: a one-time link (1 hour) on the start line lets whoever runs the server create the owner.
  const setup = await createSetupToken(deps);
  // Jobs only one process may do at a time go to the one holding their lease in the database.
  const elections = createElections(deps, config.jobs.leaseTtlMs);
  const scheduler = elections.elect("scheduler", () => startMaintenanceScheduler(deps));
  const folder = new SiteFolder(join(config.dataDir, "site"));
  // Publishing replaces a folder's content: never Vigie's own data or code, and an owner's targets
  // only under the root the operator chose.
  const publishPolicy = {
    root: config.site.publishRoot,
    protectedDirs: [resolve(config.dataDir), projectRoot],
  };
  let publisher: Elected<Publisher> | undefined;
  const templates = await loadTemplates(deps);
  const sending = config.jobs.notifier
    ? // The notifier asks before every batch whether this process is still the elected sender.
      elections.elect("notifier", () => ({ stop: async () => undefined }))
    : undefined;
  const email = config.jobs.notifier
    ? await startServerNotifier({ deps, config, renderer: templates, thread: true, elected: sending!.held })
    : undefined;
  const monitor = config.jobs.monitor ? startDependencyMonitor({ deps }) : undefined;
  const backups = config.backups.targets.length
    ? elections.elect("backups", () =>
        startBackupScheduler({
          deps,
          client: handle.client,
          snapshot: handle.kind !== "remote",
          targets: config.backups.targets,
          intervalMs: config.backups.intervalMs,
          keep: config.backups.keep,
          withSecrets: config.backups.withSecrets,
          workDir: join(config.dataDir, "backups-tmp"),
        }),
      )
    : undefined;
  const runBackupElsewhere = async () => {
    throw new DomainError(
      "conflict",
      "Another Vigie process runs the automatic backups right now: back up from the console it serves, or wait for the next scheduled backup.",
    );
  };

  const app = createServerApp({
    deps,
    publicUrl: config.server.publicUrl,
    adminUrl: config.server.adminUrl ?? undefined,
    publishPolicy,
    siteRoot: () => folder.servedRoot(),
    liveApiUrl: config.site.liveApiUrl,
    onScheduleChange: () => scheduler.job()?.poke(),
    // Elsewhere than in the elected process, a rebuild is asked for through the database.
    rebuildSite: config.jobs.publisher
      ? () => publisher?.job()?.rebuildNow() ?? requestRebuild(deps)
      : undefined,
    onNotify: () => {
      email?.notifier.poke();
      publisher?.job()?.poke();
    },
    wakeMonitor: () => monitor?.wake(),
    resendWebhookSecret: config.email.resendWebhookSecret,
    twilioAuthToken: config.sms.twilio.authToken,
    templates,
    providers: email && { email: email.description, sms: email.smsDescription },
    trustedProxies: config.server.trustedProxies,
    frameRoot: () => folder.servedRoot(),
    sendTestEmail: email?.sendTestEmail,
    backUpNow: backups && (() => backups.job()?.runNow() ?? runBackupElsewhere()),
    leaseHolder: elections.holder,
    metrics: { token: config.metricsToken, processMetrics: true, circuits: () => email?.circuits() ?? [] },
  });

  const consoleUrl = config.server.adminUrl ?? config.server.publicUrl;
  const server = serve(
    { fetch: app.fetch, port: config.server.port, hostname: config.server.host },
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
            ? `  status page: ${config.server.publicUrl}/ (static build in ${folder.root}, rebuilt on every change by the elected process)\n`
            : "  status page: not built by this process (VIGIE_PUBLISHER=0)\n") +
          (backups
            ? `  backups: every ${config.backups.intervalMs / 3_600_000} h to ${config.backups.targets.join(", ")} (keeping ${config.backups.keep}${config.backups.withSecrets ? ", with secrets" : ""})\n`
            : ""),
      );
      if (config.jobs.publisher) {
        publisher = elections.elect("publisher", async () => {
          await abandonSiteBuilds(deps);
          return startPublisher({
            deps,
            folder: new ElectedSiteFolder(folder.root, () => publisher?.held() ?? false),
            apiUrl: config.site.apiUrl,
            liveApiUrl: config.site.liveApiUrl,
            debounceMs: config.site.rebuildDebounceMs,
            envTargets: config.site.publishTargets,
            publishPolicy,
          });
        });
      }
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
    await Promise.all([elections.stop(), email?.notifier.stop(), monitor?.stop()]);
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
