import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { projectRoot } from "../project-root.ts";
import type { Logo } from "./fetch-logo.ts";
import { runNode } from "./run-node.ts";

export interface BuildSiteOptions {
  /** Where the build reads /api/site.json from. */
  apiUrl: string;
  /** The origin the page's live-refresh script calls; empty for the page's own origin. */
  liveApiUrl: string;
  outDir: string;
  /**
   * A folder the build may fill with its intermediate files (removed after); a fresh temporary
   * one when absent. Never inside the code: an install may be read-only.
   */
  workDir?: string;
  /** The logo, already fetched and cleaned (fetch-logo.ts); none when null. */
  logo?: Logo | null;
  timeoutMs?: number;
  /** The name the build keeps once it succeeded (`SiteFolder.newBuild`). */
  name?: string;
  /** The build being served, which an incremental builder may start from. */
  previous?: { name: string; dir: string } | null;
}

export interface BuildOutcome {
  ok: boolean;
  durationMs: number;
  /** The end of the build's output when it failed. */
  error: string | null;
  /** Pages written and pages kept from the previous build, when the builder tells. */
  pages?: {
    rendered: number;
    unchanged: number;
    removed: number;
    compiled: boolean;
    /** Milliseconds spent fetching the data, linking the previous build, and checking and writing pages. */
    timings: { load: number; link: number; pages: number } | null;
  };
}

function astroCli(): string {
  const require = createRequire(join(projectRoot, "package.json"));
  return join(dirname(require.resolve("astro/package.json")), "bin", "astro.mjs");
}

/**
 * Astro writes into the site's own folder (`.astro/` types) and beside its working folder (the
 * intermediate bundle, caches), so each build runs on a copy of site/ in a work folder of its own:
 * builds stay apart and the code is never written, which a read-only install needs. A
 * `node_modules` link there lets the bundle import the project's packages, as Node looks for them
 * in the parent folders of the importer.
 */
export async function prepareWorkDir(given: string | undefined): Promise<string> {
  const dir = given ?? (await mkdtemp(join(tmpdir(), "vigie-site-build-")));
  await mkdir(dir, { recursive: true });
  await symlink(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const source = join(projectRoot, "site");
  await cp(source, join(dir, "site"), {
    recursive: true,
    filter: (path) => !/^(\.astro|dist|node_modules)(\/|$)/.test(relative(source, path)),
  });
  return dir;
}

/** Runs `astro build` for site/ in a child process, so a crash or a hang never takes the API down. */
export async function buildSite({
  apiUrl,
  liveApiUrl,
  outDir,
  workDir,
  logo = null,
  timeoutMs = 120_000,
}: BuildSiteOptions): Promise<BuildOutcome> {
  const started = performance.now();
  const cwd = await prepareWorkDir(workDir);
  const logoFile = logo ? join(cwd, logo.file) : "";
  if (logo) await writeFile(logoFile, logo.bytes);
  const error = await runNode([astroCli(), "build", "--root", join(cwd, "site")], {
    cwd,
    env: {
      ...process.env,
      SITE_API_URL: apiUrl,
      SITE_LIVE_API_URL: liveApiUrl,
      SITE_OUT_DIR: outDir,
      SITE_CACHE_DIR: join(cwd, "cache"),
      SITE_LOGO_FILE: logoFile,
      ASTRO_TELEMETRY_DISABLED: "1",
    },
    timeoutMs,
  });
  const outcome = { ok: error === null, durationMs: Math.round(performance.now() - started), error };
  await rm(cwd, { recursive: true, force: true });
  return outcome;
}
