import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type HTMLElement, parse } from "node-html-parser";

export const siteRoot = fileURLToPath(new URL("../../site", import.meta.url));
const astro = fileURLToPath(new URL("../../node_modules/.bin/astro", import.meta.url));
const workRoot = fileURLToPath(new URL("../../node_modules/.cache/vigie-site-build/", import.meta.url));

export interface BuildSiteOptions {
  apiUrl: string;
  outDir: string;
  liveApiUrl?: string;
}

export interface BuildResult {
  code: number | null;
  /** stdout and stderr together. */
  output: string;
  ms: number;
}

/** Runs `astro build` as `npm run build:site` does, in a child process on this Node. */
export function buildSite({ apiUrl, outDir, liveApiUrl = "" }: BuildSiteOptions): Promise<BuildResult> {
  const started = performance.now();
  // Astro writes its intermediate server bundle to ./.astro when the output folder is outside the
  // working directory: a working directory per build keeps parallel builds apart, and one inside
  // the project lets that bundle import the project's node_modules.
  mkdirSync(workRoot, { recursive: true });
  const workDir = mkdtempSync(join(workRoot, "build-"));
  const done = <T>(value: T) => {
    rmSync(workDir, { recursive: true, force: true });
    return value;
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astro, "build", "--root", siteRoot], {
      cwd: workDir,
      env: {
        ...process.env,
        SITE_API_URL: apiUrl,
        SITE_OUT_DIR: outDir,
        SITE_LIVE_API_URL: liveApiUrl,
        ASTRO_TELEMETRY_DISABLED: "1",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", (error) => reject(done(error)));
    child.on("close", (code) => resolve(done({ code, output, ms: performance.now() - started })));
  });
}

/** Fails with the build's own output, which says what went wrong. */
export async function buildSiteOrThrow(options: BuildSiteOptions): Promise<BuildResult> {
  const result = await buildSite(options);
  if (result.code !== 0) throw new Error(`astro build exited ${result.code}:\n${result.output}`);
  return result;
}

/** Every file of a built site, as paths relative to its root ("index.html", "fr/history/index.html"...). */
export function builtFiles(outDir: string): string[] {
  return (readdirSync(outDir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)))
    .sort();
}

export const readBuilt = (outDir: string, path: string): string => readFileSync(join(outDir, path), "utf8");

/** A built page parsed with a real HTML parser. */
export const parseBuilt = (outDir: string, path: string): HTMLElement => parse(readBuilt(outDir, path));
