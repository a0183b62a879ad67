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

  const logger = createLogger(config.logLevel);
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
  const elections = createElections(deps, config.leaseTtlMs);
  const scheduler = elections.elect("scheduler", () => startMaintenanceScheduler(deps));
  const folder = new SiteFolder(join(config.dataDir, "site"));
  // Publishing replaces a folder's content: never Vigie's own data or code, and an owner's targets
  // only under the root the operator chose.
  const publishPolicy = {
    root: config.publishRoot,
    protectedDirs: [resolve(config.dataDir), projectRoot],
  };
  let publisher: Elected<Publisher> | undefined;
  const templates = await loadTemplates(deps);
  const sending = config.notifier
    ? // The notifier asks before every batch whether this process is still the elected sender.
      elections.elect("notifier", () => ({ stop: async () => undefined }))
    : undefined;
  const email = config.notifier
    ? await startServerNotifier({ deps, config, renderer: templates, thread: true, elected: sending!.held })
    : undefined;
  const monitor = config.monitor ? startDependencyMonitor({ deps }) : undefined;
  const backups = config.backupTargets.length
    ? elections.elect("backups", () =>
        startBackupScheduler({
          deps,
          client: handle.client,
          snapshot: handle.kind !== "remote",
          targets: config.backupTargets,
          intervalMs: config.backupIntervalMs,
          keep: config.backupKeep,
          withSecrets: config.backupWithSecrets,
          workDir: join(config.dataDir, "backups-tmp"),
        }),
      )
    : undefined;
  // What a committed change wakes in this process; other processes see it at their next poll.
  deps.signals.on("schedule-changed", () => scheduler.job()?.poke());
  deps.signals.on("queued", () => {
    email?.notifier.poke();
    publisher?.job()?.poke();
  });
  deps.signals.on("dependencies-due", () => monitor?.wake());
  const runBackupElsewhere = async () => {
    throw new DomainError(
      "conflict",
      "Another Vigie process runs the automatic backups right now: back up from the console it serves, or wait for the next scheduled backup.",
    );
  };

  const app = createServerApp({
    deps,
    publicUrl: config.publicUrl,
    adminUrl: config.adminUrl ?? undefined,
    publishPolicy,
    siteRoot: () => folder.servedRoot(),
    liveApiUrl: config.siteLiveApiUrl,
    // Elsewhere than in the elected process, a rebuild is asked for through the database.
    rebuildSite: config.publisher ? () => publisher?.job()?.rebuildNow() ?? requestRebuild(deps) : undefined,
    resendWebhookSecret: config.resendWebhookSecret,
    twilioAuthToken: config.twilioAuthToken,
    templates,
    providers: email && { email: email.description, sms: email.smsDescription },
    trustedProxies: config.trustedProxies,
    frameRoot: () => folder.servedRoot(),
    sendTestEmail: email?.sendTestEmail,
    backUpNow: backups && (() => backups.job()?.runNow() ?? runBackupElsewhere()),
    leaseHolder: elections.holder,
    metrics: { token: config.metricsToken, processMetrics: true, circuits: () => email?.circuits() ?? [] },
  });

  const consoleUrl = config.adminUrl ?? config.publicUrl;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const demo = seeded ? "demo data loaded" : config.demo ? "existing data kept" : "demo data off";
    process.stdout.write(
      `Vigie is running at ${config.publicUrl} (listening on ${info.address}:${info.port})\n` +
        `  database: ${handle.location} (${handle.kind}); ${demo}\n` +
        `  public API: ${config.publicUrl}/api/v2/summary.json · admin API: ${consoleUrl}/api/openapi.json\n` +
        (setup
          ? `  first start: create the owner account at ${consoleUrl}/admin/setup?token=${setup.token} (valid 1 hour)\n`
          : `  console: ${consoleUrl}/admin\n`) +
        (email
          ? `  email: ${email.description}\n  sms: ${email.smsDescription}\n`
          : "  email: not sent by this process (VIGIE_NOTIFIER=0)\n") +
        (config.publisher
          ? `  status page: ${config.publicUrl}/ (static build in ${folder.root}, rebuilt on every change by the elected process)\n`
          : "  status page: not built by this process (VIGIE_PUBLISHER=0)\n") +
        (backups
          ? `  backups: every ${config.backupIntervalMs / 3_600_000} h to ${config.backupTargets.join(", ")} (keeping ${config.backupKeep}${config.backupWithSecrets ? ", with secrets" : ""})\n`
          : ""),
    );
    if (config.publisher) {
      publisher = elections.elect("publisher", async () => {
        await abandonSiteBuilds(deps);
        return startPublisher({
          deps,
          folder: new ElectedSiteFolder(folder.root, () => publisher?.held() ?? false),
          apiUrl: config.siteApiUrl,
          liveApiUrl: config.siteLiveApiUrl,
          debounceMs: config.rebuildDebounceMs,
          envTargets: config.publishTargets,
          publishPolicy,
        });
      });
    }
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
