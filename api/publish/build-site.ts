import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface BuildSiteOptions {
  /** Where the build reads /api/site.json from. */
  apiUrl: string;
  /** The origin the page's live-refresh script calls; empty for the page's own origin. */
  liveApiUrl: string;
  outDir: string;
  timeoutMs?: number;
}

export interface BuildOutcome {
  ok: boolean;
  durationMs: number;
  /** The end of the build's output when it failed. */
  error: string | null;
}

function astroCli(): string {
  const require = createRequire(join(projectRoot, "package.json"));
  return join(dirname(require.resolve("astro/package.json")), "bin", "astro.mjs");
}

/**
 * Astro keeps an intermediate bundle in `<cwd>/.astro` when the output folder is elsewhere: one
 * working folder per build keeps builds apart, and it sits inside the project so that bundle can
 * import the project's node_modules.
 */
async function workDir(): Promise<string> {
  const root = join(projectRoot, "node_modules", ".cache", "vigie-site-build");
  await mkdir(root, { recursive: true });
  return mkdtemp(join(root, "build-"));
}

/** Runs `astro build` for site/ in a child process, so a crash or a hang never takes the API down. */
export async function buildSite({
  apiUrl,
  liveApiUrl,
  outDir,
  timeoutMs = 120_000,
}: BuildSiteOptions): Promise<BuildOutcome> {
  const started = performance.now();
  const cwd = await workDir();
  const outcome = await new Promise<BuildOutcome>((done) => {
    const child = spawn(process.execPath, [astroCli(), "build", "--root", join(projectRoot, "site")], {
      cwd,
      env: {
        ...process.env,
        SITE_API_URL: apiUrl,
        SITE_LIVE_API_URL: liveApiUrl,
        SITE_OUT_DIR: outDir,
        ASTRO_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const finish = (ok: boolean, error: string | null) => {
      clearTimeout(timer);
      done({ ok, durationMs: Math.round(performance.now() - started), error });
    };
    child.on("error", (error) => finish(false, error.message));
    child.on("close", (code, signal) => {
      if (code === 0) return finish(true, null);
      const why = signal ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : `exit code ${code}`;
      finish(false, `site build failed (${why}): ${output.trim().split("\n").slice(-15).join("\n")}`);
    });
  });
  await rm(cwd, { recursive: true, force: true });
  return outcome;
}
