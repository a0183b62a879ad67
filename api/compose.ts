import { join, resolve } from "node:path";
import type { Booted } from "./boot.ts";
import type { Config } from "./config.ts";
import { isEmpty, seedDemo } from "./domain/demo/seed-demo.ts";
import { DomainError } from "./domain/errors.ts";
import { createElections } from "./domain/leases/elections.ts";
import type { Elected } from "./domain/leases/run-elected.ts";
import type { Signal } from "./domain/signals.ts";
import { abandonSiteBuilds } from "./domain/site/abandon-builds.ts";
import { requestRebuild } from "./domain/site/request-rebuild.ts";
import { createSetupToken } from "./domain/users/create-setup-token.ts";
import { createServerApp } from "./http/server-app.ts";
import { startDependencyMonitor } from "./monitor/start-dependency-monitor.ts";
import { type ServerNotifier, startServerNotifier } from "./notifier/start-notifier.ts";
import { projectRoot } from "./project-root.ts";
import { startBackupScheduler } from "./publish/backup-scheduler.ts";
import { ElectedSiteFolder } from "./publish/elected-site-folder.ts";
import { type Publisher, startPublisher } from "./publish/publisher.ts";
import { SiteFolder } from "./publish/site-folder.ts";
import { loadTemplates } from "./templates/load-templates.ts";
import { startMaintenanceScheduler } from "./workers/maintenance-scheduler.ts";

export interface Composed {
  /** Everything the server answers on its one port. */
  app: ReturnType<typeof createServerApp>;
  /** For the start lines: whether the demo data was loaded now. */
  seeded: boolean;
  /** For the start lines: the one-time link that creates the owner, while there is no user. */
  setup: { token: string } | null;
  /** For the start lines: where email and SMS go; absent when this process sends none. */
  email: ServerNotifier | undefined;
  /** For the start lines: where the static page is built. */
  siteDir: string;
  /** Whether this process may run the automatic backups. */
  backups: boolean;
  /** Call once the server listens: the publisher's builds read the API this process serves. */
  listening(): void;
  /** Stops every worker and gives their leases up; the database stays open (its opener closes it). */
  stop(): Promise<void>;
}

/**
 * The one place the server is put together: the workers this configuration runs, the leases that
 * say which process runs each, the HTTP app, and who hears a committed change. A verb fires a
 * signal after commit (`deps.signals`); this function alone decides which worker it wakes.
 */
export async function compose(config: Config, { handle, deps }: Booted): Promise<Composed> {
  let seeded = false;
  if (config.demo && (await isEmpty(deps))) {
    await seedDemo(deps);
    seeded = true;
  }
  // No user yet: a one-time link (1 hour) on the start line lets whoever runs the server create the owner.
  const setup = await createSetupToken({ ctx: { deps } });
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

  // Who hears what. Other processes' workers learn the same changes from the database on their next pass.
  const hearers: Record<Signal, () => void> = {
    queued: () => {
      email?.notifier.poke();
      publisher?.job()?.poke();
    },
    "dependencies-due": () => monitor?.wake(),
    "schedule-changed": () => scheduler.job()?.poke(),
  };
  const unlisten = Object.entries(hearers).map(([signal, hear]) => deps.signals.on(signal as Signal, hear));

  const app = createServerApp({
    deps,
    publicUrl: config.server.publicUrl,
    adminUrl: config.server.adminUrl ?? undefined,
    publishPolicy,
    siteRoot: () => folder.servedRoot(),
    liveApiUrl: config.site.liveApiUrl,
    // Elsewhere than in the elected process, a rebuild is asked for through the database.
    rebuildSite: config.jobs.publisher
      ? () => publisher?.job()?.rebuildNow() ?? requestRebuild(deps)
      : undefined,
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

  return {
    app,
    seeded,
    setup,
    email,
    siteDir: folder.root,
    backups: backups !== undefined,
    listening: () => {
      if (!config.jobs.publisher || publisher) return;
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
    },
    stop: async () => {
      for (const stop of unlisten) stop();
      await Promise.all([elections.stop(), email?.notifier.stop(), monitor?.stop()]);
    },
  };
}
