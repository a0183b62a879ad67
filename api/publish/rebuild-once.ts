import { basename } from "node:path";
import type { Deps } from "../domain/context.ts";
import { getSettings } from "../domain/settings/get-settings.ts";
import type { PublishTargetPolicy } from "../domain/settings/publish-target-policy.ts";
import { finishBuildRecord, recordPublishResults, startBuildRecord } from "../domain/site/site-builds.ts";
import type { BuildOutcome, BuildSiteOptions } from "./build-site.ts";
import { type FetchLogoOptions, fetchLogo, type Logo } from "./fetch-logo.ts";
import { type PublishOptions, publishToAll } from "./publish-targets.ts";
import type { SiteFolder } from "./site-folder.ts";

export interface RebuildOnceOptions {
  deps: Deps;
  folder: SiteFolder;
  apiUrl: string;
  liveApiUrl: string;
  envTargets: string[];
  publishPolicy: PublishTargetPolicy;
  publish?: PublishOptions | undefined;
  /** How the logo is fetched (tests inject a resolver). */
  logo?: Omit<FetchLogoOptions, "allowPrivate"> | undefined;
  build: (options: BuildSiteOptions) => Promise<BuildOutcome>;
}

/** A rebuild that went through: the data version it includes, for the outbox cursor. */
export type RebuildResult = BuildOutcome & { seq: number };

/**
 * One rebuild: record it, fetch the logo, build in a work folder, move the build into place and
 * swap `current` to it, then publish. Whatever fails on the way (the build, a full or read-only
 * DATA_DIR, the swap) marks the record failed with the reason, so admins see it and it never stays
 * "running"; the last good page stays online.
 */
export async function rebuildOnce(options: RebuildOnceOptions): Promise<RebuildResult> {
  const { deps, folder } = options;
  const started = performance.now();
  const seq = await deps.dataVersion();
  const recordId = await startBuildRecord(deps, seq);
  let outcome: BuildOutcome;
  const notes: string[] = [];
  let liveDir = "";
  try {
    const settings = await getSettings(deps);
    const { logo, problem } = await logoFor(options, settings.logoUrl, settings.allowPrivateTargets);
    if (problem) notes.push(problem);
    const work = await folder.newBuild();
    const current = await folder.currentBuild();
    outcome = await options.build({
      apiUrl: options.apiUrl,
      liveApiUrl: options.liveApiUrl,
      outDir: work.outDir,
      workDir: work.workDir,
      logo,
      name: work.name,
      previous: current ? { name: basename(current), dir: current } : null,
    });
    if (!outcome.ok) {
      await folder.discard(work);
    } else {
      liveDir = await folder.promote(work);
      const { movedAside } = await folder.swapTo(liveDir);
      if (movedAside) {
        notes.push(
          `${folder.current} was a folder Vigie did not make (copied by hand, or a defaced page?); it was moved aside to ${movedAside} and this build replaced it`,
        );
        deps.logger.error("site: a foreign folder was in place of the page; moved aside", { to: movedAside });
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    outcome = {
      ok: false,
      durationMs: Math.round(performance.now() - started),
      error: `the page could not be built or put in place: ${reason} (check that ${folder.root}, in DATA_DIR, is writable and has space left)`,
    };
  }
  // A succeeded build carries a note in `error` when something needs an admin's eye.
  await finishBuildRecord(deps, recordId, { ...outcome, error: outcome.error ?? (notes.join("; ") || null) });
  if (!outcome.ok) return { ...outcome, seq };
  const settings = await getSettings(deps);
  const targets = [...new Set([...options.envTargets, ...settings.publishTargets])];
  if (targets.length) {
    const results = await publishToAll(liveDir, targets, {
      ...options.publish,
      policy: options.publishPolicy,
      envTargets: options.envTargets,
    });
    await recordPublishResults(deps, recordId, results);
    for (const r of results.filter((r) => !r.ok))
      deps.logger.error("publish failed", { target: r.target, error: r.error ?? "" });
  }
  return { ...outcome, seq };
}

async function logoFor(
  options: RebuildOnceOptions,
  url: string | null,
  allowPrivate: boolean,
): Promise<{ logo: Logo | null; problem: string | null }> {
  if (!url) return { logo: null, problem: null };
  const result = await fetchLogo(url, { ...options.logo, allowPrivate });
  if (result.ok) return { logo: result.logo, problem: null };
  options.deps.logger.warn("site: the page is built without its logo", { error: result.error });
  return { logo: null, problem: `the page was built without its logo: ${result.error}` };
}
