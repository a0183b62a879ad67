// esbuild plugins of `npm run build` (build.js): what the bundle leaves out or rewrites so that the
// server holds less in memory. Plain JavaScript, like build.js.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/**
 * zod re-exports its error messages in some 60 languages (`z.locales`), which no code here reads:
 * bundled, they are a quarter MiB of source the server would hold at rest. The bundle gets the one
 * zod itself installs (English), under the same name.
 */
export const zodEnglishOnly = {
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
export const latin1Sources = {
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
const beyondLatin1 = /[\u0100-\uffff]/;

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
