// A child process: compiles site/ with Astro (Vite) and keeps what the page renderer needs, without
// rendering any page. Run as `node compile-process.ts <site root> <keep dir>`, with the SITE_*
// variables astro.config.mjs reads; exits 0 once <keep dir> holds the bundle and its snapshot.
import { cp, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type AstroIntegration, build } from "astro";
import type { RendererSnapshot } from "./snapshot.ts";

const [siteRoot, keepDir] = process.argv.slice(2);
if (!siteRoot || !keepDir) throw new Error("usage: compile-process.ts <site root> <keep dir>");

interface PrerenderApp {
  setInternals(internals: unknown): void;
  getSettings(): { scripts: unknown[] };
}

interface BuildInternals {
  pagesByKeys: Map<string, { styles: unknown[] }>;
  entrySpecifierToBundleMap: Map<string, string>;
}

let prerenderDir: string | undefined;
let origin = "";
let format = "";

/**
 * Astro renders pages through a "prerenderer" that imports the compiled bundle. This one renders
 * none: it lets Astro's own prerenderer load the bundle, notes the build data that rendering reads
 * (each page's styles, page scripts), and copies the bundle out before Astro removes it.
 */
const capture: AstroIntegration = {
  name: "vigie-keep-renderer",
  hooks: {
    "astro:config:done": ({ config }) => {
      origin = config.site ? new URL(config.site).origin : `http://localhost:${config.server.port}`;
      format = `${config.build.format}|${config.base}|${config.trailingSlash}`;
    },
    "astro:build:setup": ({ vite }) => {
      prerenderDir ??= vite.environments?.prerender?.build?.outDir;
    },
    "astro:build:start": ({ setPrerenderer }) => {
      setPrerenderer((fallback) => ({
        name: "vigie-keep-renderer",
        async setup() {
          if (!prerenderDir) throw new Error("the prerender bundle's folder is unknown");
          const entryName = (await readdir(prerenderDir)).find((n) => /^prerender-entry\..+\.mjs$/.test(n));
          if (!entryName) throw new Error(`no prerender entry in ${prerenderDir}`);
          const entry = (await import(pathToFileURL(join(prerenderDir, entryName)).href)) as {
            app: PrerenderApp;
          };
          let internals: BuildInternals | undefined;
          const setInternals = entry.app.setInternals.bind(entry.app);
          entry.app.setInternals = (value: unknown) => {
            internals = value as BuildInternals;
            setInternals(value);
          };
          await fallback.setup?.();
          if (!internals) throw new Error("Astro did not hand its build data to the bundle");
          const snapshot: RendererSnapshot = {
            entry: entryName,
            origin,
            format,
            pages: [...internals.pagesByKeys].map(([key, page]) => [key, { styles: page.styles }]),
            bundleMap: [...internals.entrySpecifierToBundleMap],
            scripts: entry.app.getSettings().scripts,
          };
          await cp(prerenderDir, join(keepDir, "bundle"), { recursive: true });
          await writeFile(join(keepDir, "snapshot.json"), JSON.stringify(snapshot));
        },
        getStaticPaths: async () => [],
        render: async () => {
          throw new Error("the compile step renders no page");
        },
      }));
    },
  },
};

// Without the type generation step (`astro sync`): it only serves editors, and it starts a Vite dev
// server whose dependency optimizer costs about 100 MiB. `sync` is not in Astro's public options.
await build({ root: siteRoot, logLevel: "warn", integrations: [capture] }, { sync: false } as Parameters<
  typeof build
>[1]);
