import { join } from "node:path";
import type { Deps } from "../domain/context.ts";
import { advanceCursor, cursorOf, eventsAfter } from "../domain/outbox/outbox-cursor.ts";
import { closedPublishPolicy, type PublishTargetPolicy } from "../domain/settings/publish-target-policy.ts";
import { startLoop } from "../workers/loop.ts";
import type { BuildOutcome, BuildSiteOptions } from "./build-site.ts";
import type { FetchLogoOptions } from "./fetch-logo.ts";
import type { PublishOptions } from "./publish-targets.ts";
import { rebuildOnce } from "./rebuild-once.ts";
import type { SiteFolder } from "./site-folder.ts";
import { createSiteBuilder, type SiteBuilder } from "./site-renderer/site-builder.ts";

export const publisherConsumer = "site-publisher";

export interface PublisherOptions {
  deps: Deps;
  folder: SiteFolder;
  apiUrl: string;
  liveApiUrl: string;
  /**
   * Quiet time after a change before rebuilding (default 0: at once); changes keep coming → at most
   * 5× that. Changes made while a build runs always wait for it and go into the next build together.
   * Also the first delay before retrying a failed build (1 s when 0).
   */
  debounceMs?: number;
  /** How often the outbox is checked for changes made by other processes. */
  pollMs?: number;
  /** Publish targets from the environment; the settings' targets are added to them. */
  envTargets?: string[];
  publish?: PublishOptions;
  /** Where directory targets may go; settings' directory targets are refused when absent. */
  publishPolicy?: PublishTargetPolicy;
  /** How the logo is fetched (tests inject a resolver). */
  logo?: Omit<FetchLogoOptions, "allowPrivate">;
  /** Builds the page; by default a renderer that outlives builds re-renders only what changed. */
  build?: (options: BuildSiteOptions) => Promise<BuildOutcome>;
}

export interface Publisher {
  /** Look at the outbox now (call after a local change). */
  poke(): void;
  /** Rebuilds at once, whatever changed; resolves when built and published. */
  rebuildNow(): Promise<BuildOutcome>;
  stop(): Promise<void>;
}

/** Events that cannot change what the page shows. */
const silent = (type: string) => type.startsWith("token.") || type.startsWith("backup.");

/**
 * Rebuilds the static page after changes, swaps it in atomically, then publishes it to every target.
 * A change made while nothing runs is built at once; the changes made during a build are built
 * together right after it. A failed build keeps the last good site and is recorded for admins.
 */
export function startPublisher(options: PublisherOptions): Publisher {
  const {
    deps,
    folder,
    debounceMs = 0,
    pollMs = 1000,
    envTargets = [],
    publishPolicy = closedPublishPolicy,
  } = options;
  let builder: SiteBuilder | null = null;
  let build = options.build;
  if (!build) {
    builder = createSiteBuilder({ dir: join(folder.root, "renderer") });
    build = builder.build;
  }
  const retryMs = debounceMs || 1000;
  let stopped = false;
  let firstChangeAt: number | null = null;
  let debounce: NodeJS.Timeout | undefined;
  let running: Promise<BuildOutcome> | null = null;
  /** Builds finished so far: a check that started before the last one ended reads a stale state. */
  let finished = 0;
  let failures = 0;

  const rebuild = async (): Promise<BuildOutcome> => {
    const result = await rebuildOnce({
      deps,
      folder,
      apiUrl: options.apiUrl,
      liveApiUrl: options.liveApiUrl,
      envTargets,
      publishPolicy,
      publish: options.publish,
      logo: options.logo,
      build,
    });
    const { seq, ...outcome } = result;
    if (!outcome.ok) {
      failures++;
      deps.logger.error("site build failed; the last good site stays online", { error: outcome.error ?? "" });
      return outcome;
    }
    failures = 0;
    await advanceCursor(deps, publisherConsumer, seq);
    deps.logger.info("site rebuilt", {
      durationMs: outcome.durationMs,
      seq,
      ...(outcome.pages && {
        pagesRendered: outcome.pages.rendered,
        pagesUnchanged: outcome.pages.unchanged,
        compiled: outcome.pages.compiled,
        ...(outcome.pages.timings && {
          loadMs: outcome.pages.timings.load,
          linkMs: outcome.pages.timings.link,
          pagesMs: outcome.pages.timings.pages,
        }),
      }),
    });
    return outcome;
  };

  const runOnce = (): Promise<BuildOutcome> => {
    if (!running) {
      running = rebuild()
        .catch((error): BuildOutcome => {
          failures++;
          deps.logger.error("site rebuild crashed", { error: String(error) });
          return { ok: false, durationMs: 0, error: String(error) };
        })
        .finally(() => {
          running = null;
          finished++;
        });
    }
    return running;
  };

  // A build killed with its process left its work folder behind; no build starts before it is gone.
  let ready = false;
  const cleaned = folder
    .cleanWork()
    .catch((e) => deps.logger.warn("site: could not clean old build folders", { error: String(e) }))
    .finally(() => {
      ready = true;
    });

  let lastSeen = 0;
  const check = async () => {
    if (stopped || running || !ready) return;
    const seen = finished;
    const cursor = await cursorOf(deps, publisherConsumer);
    const pending = (await eventsAfter(deps, cursor, 1000)).filter((e) => !silent(e.type));
    const missing = (await folder.currentBuild()) === null;
    // A build ran while this check read: what it read may predate that build (the check after it looks again).
    if (running || seen !== finished) return;
    if (!pending.length && !missing) return;
    const newest = pending.at(-1)?.seq ?? cursor;
    // Only a new change restarts the quiet period; a steady stream still rebuilds every 5 periods.
    if (debounce && newest <= lastSeen) return;
    lastSeen = newest;
    const now = Date.now();
    firstChangeAt ??= now;
    const delay = failures
      ? Math.min(retryMs * 2 ** Math.min(failures, 5), 60_000)
      : Math.max(0, Math.min(debounceMs, firstChangeAt + 5 * debounceMs - now));
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      firstChangeAt = null;
      void runOnce().then(() => loop.poke());
    }, delay);
  };

  // Checks never overlap; the debounce timer above stays outside the loop, so a check is never held up by it.
  const loop = startLoop({
    maxSleepMs: pollMs,
    pass: () => check().then(() => pollMs),
    onError: (e) => deps.logger.error("publisher check failed", { error: String(e) }),
  });
  void cleaned.then(() => loop.poke());
  return {
    poke: loop.poke,
    rebuildNow: () => cleaned.then(() => runOnce()),
    stop: async () => {
      stopped = true;
      await loop.stop();
      clearTimeout(debounce);
      await running;
      await builder?.stop();
    },
  };
}
