// `npm run build`: the server as JavaScript in dist/, so that `vigie serve` starts without a
// TypeScript loader. One bundle (with the dependencies that bundle cleanly) loads in a fraction of
// the time of a thousand separate modules, each resolved through its package.json. Plain
// JavaScript, like bin.js: it runs before anything is built.
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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

/**
 * zod re-exports its error messages in some 60 languages (`z.locales`), which no code here reads:
 * bundled, they are a quarter MiB of source the server would hold at rest. The bundle gets the one
 * zod itself installs (English), under the same name.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, "..", "locales", "en.js"), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: root,
    }));
  },
};

/**
 * V8 keeps a module's source text in memory, one byte a character while every character fits in
 * Latin-1, two bytes a character for the whole text as soon as one does not. esbuild escapes such
 * characters in strings but not in regular expressions, and a few dependencies write some there
 * (LiquidJS's slug table, markdown-it's typographer): each doubled a chunk of half a MiB. Their
 * regular expressions are rewritten with \u escapes, which mean the same in every regex mode
 * (a pair of escaped surrogates is one code point with the u flag, two code units without).
 * TypeScript's parser finds them; without it (an install without dev dependencies) nothing changes.
 */
const latin1Sources = {
  name: "latin1-sources",
  setup(build) {
    let ts;
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!beyondLatin1.test(text)) return undefined;
      if (ts === undefined) ts = await import("typescript").then((m) => m.default).catch(() => null);
      if (!ts) return undefined;
      return { contents: escapeRegexLiterals(ts, text, args.path), loader: "js" };
    });
  },
};
const beyondLatin1 = /[^\u0000-\u00ff]/;

export function escapeRegexLiterals(ts, text, path) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const ranges = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) ranges.push([node.getStart(source), node.end]);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    const literal = text.slice(start, end);
    if (!beyondLatin1.test(literal)) continue;
    out += text.slice(at, start);
    for (let i = 0; i < literal.length; i++) {
      const unit = literal.charCodeAt(i);
      out += unit > 0xff ? `\\u${unit.toString(16).padStart(4, "0")}` : literal[i];
    }
    at = end;
  }
  return out + text.slice(at);
}

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
    // The source text of every loaded module stays in memory: minified, it takes less than half as
    // much. Names are kept (error names, stack traces); dist/*.map lead back to the sources
    // (node --enable-source-maps).
    minify: true,
    keepNames: true,
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
