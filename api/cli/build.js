// `npm run build`: the server as JavaScript in dist/, so that `vigie serve` starts without a
// TypeScript loader. One bundle (with the dependencies that bundle cleanly) loads in a fraction of
// the time of a thousand separate modules, each resolved through its package.json. Plain
// JavaScript, like bin.js: it runs before anything is built.
import { readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latin1Sources, zodEnglishOnly } from "./build-plugins.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = join(root, "dist");
/** Written last: a build cut short has none, and is not used. */
const stamp = join(dist, "built");
/**
 * What the build compiles: a change to any of them makes the build stale. The server also renders
 * Markdown with the site's renderer (site/src/lib/markdown.ts), for the cards of the live page.
 */
const sourceDirs = ["api", "db", "site/src/lib"];
/** npm rewrites these on every install: the bundle holds the dependencies' code too. */
const installFiles = ["package.json", "package-lock.json", "node_modules/.package-lock.json"];

/**
 * Loaded from node_modules at run time rather than bundled: native code (libsql), what is loaded
 * rarely and reads its own files (jsdom, for SVG logos), and the tools that only run as commands.
 */
const external = ["libsql", "@libsql/*", "jsdom", "dompurify", "astro", "esbuild", "typescript", "tsx"];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of the sources and of the install, in ms. */
function newestInput() {
  let newest = Math.max(...installFiles.map((file) => mtime(join(root, file))));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "migrations") walk(path);
      } else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, mtime(path));
    }
  };
  for (const dir of sourceDirs) walk(join(root, dir));
  return newest;
}

/**
 * The built entry point of the server when the build is complete and newer than every source file
 * and the last install; otherwise why not, for a message.
 */
export function builtServer() {
  const builtAt = mtime(stamp);
  if (!builtAt) return { ok: false, reason: "there is no build (npm run build)" };
  if (newestInput() > builtAt)
    return { ok: false, reason: "the build is older than the sources or the install (npm run build)" };
  return { ok: true, server: join(dist, "server.js") };
}

/**
 * Bundles the server and the email thread into dist/ (dist/server.js, dist/email-thread-worker.js,
 * and chunks for what the server loads only when needed). Types are checked by `npm run typecheck`.
 */
export async function build() {
  const startedAt = new Date();
  rmSync(dist, { recursive: true, force: true });
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["api/server.ts", "api/notifier/email-thread-worker.ts"],
    outdir: dist,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    external,
    plugins: [zodEnglishOnly, latin1Sources],
    // The source text of every loaded module stays in memory: without spaces and comments, it takes
    // half as much. Names are left as they are, so stack traces read as the sources do (dist/*.map
    // lead back to the lines: node --enable-source-maps). esbuild's keepNames would keep them through
    // shortened names, but it redefines each function's name, which turns some 6,000 functions into
    // dictionary-mode objects (1.5 MiB more at rest, and slower property reads on classes).
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    sourcemap: "linked",
    legalComments: "linked",
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: {
      js: 'import { createRequire as __vigieRequire } from "node:module"; const require = __vigieRequire(import.meta.url);',
    },
    logLevel: "warning",
    metafile: true,
  });
  // Which sources and packages each file of dist/ holds, by size: what to look at when the
  // server's memory grows (see the footprint benchmark).
  writeFileSync(join(dist, "meta.json"), JSON.stringify(result.metafile));
  // The sources may have changed while they compiled: the stamp says when the build started.
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  utimesSync(stamp, startedAt, startedAt);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // --if-stale (npm start): nothing to do when the build is current.
  if (!(process.argv.includes("--if-stale") && builtServer().ok)) {
    const started = Date.now();
    process.stdout.write("building the server into dist/ (npm run build)…\n");
    try {
      await build();
    } catch (error) {
      process.stderr.write(
        `vigie: the build failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
