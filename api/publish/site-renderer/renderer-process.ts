// A child process: the page renderer. `node renderer-process.ts <keep dir>` loads the site bundle the
// compile step kept there, then renders the site on each request from its parent (IPC), writing
// only the pages whose data changed since the build it made before.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type PageReads, ReadTracker } from "./read-tracker.ts";
import { type RendererSnapshot, type RenderReply, type RenderRequest, supportedFormat } from "./snapshot.ts";
import { linkTree, removeFile, writeFileFresh } from "./tree.ts";

interface RouteData {
  type: string;
  component: string;
  route: string;
}

interface BundleApp {
  manifest: unknown;
  routeCache: {
    clearAll(): void;
    get(route: RouteData): { staticPaths?: { keyed: Map<string, { props?: unknown }> } } | undefined;
  };
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
  render(request: Request, options: { routeData: RouteData }): Promise<Response>;
}

interface PageState {
  file: string;
  props: string;
  reads: PageReads;
}

const keepDir = process.argv[2];
if (!keepDir) throw new Error("usage: renderer-process.ts <keep dir>");

const snapshot = JSON.parse(await readFile(join(keepDir, "snapshot.json"), "utf8")) as RendererSnapshot;
if (snapshot.format !== supportedFormat)
  throw new Error(
    `the site's build.format|base|trailingSlash is ${snapshot.format}; the renderer writes ${supportedFormat}`,
  );
const { app } = (await import(pathToFileURL(join(keepDir, "bundle", snapshot.entry)).href)) as {
  app: BundleApp;
};
app.setInternals({
  pagesByKeys: new Map(snapshot.pages),
  entrySpecifierToBundleMap: new Map(snapshot.bundleMap),
});
const warnings: string[] = [];
app.setOptions({
  settings: { scripts: snapshot.scripts },
  logger: {
    options: {
      destination: {
        write(event: { level: string; message: string }) {
          if (event.level === "error" || event.level === "warn")
            warnings.push(String(event.message).slice(0, 500));
          return true;
        },
      },
    },
  },
});
// Astro's own enumeration of every route's paths (getStaticPaths), from the same version as the bundle.
const astroRoot = dirname(createRequire(import.meta.url).resolve("astro/package.json"));
const { StaticPaths } = (await import(
  pathToFileURL(join(astroRoot, "dist/runtime/prerender/static-paths.js")).href
)) as {
  StaticPaths: new (app: BundleApp) => { getAll(): Promise<{ pathname: string; route: RouteData }[]> };
};

/** Where Astro writes a path with build.format "directory". */
function fileOf(pathname: string, route: RouteData): string {
  if (route.type === "endpoint") return pathname.replace(/^\/+/, "");
  if (pathname === "/404" || pathname === "/500") return `${pathname.slice(1)}.html`;
  const dir = pathname.replace(/^\/+|\/+$/g, "");
  return dir ? `${dir}/index.html` : "index.html";
}

/** The URL Astro requests a path with during a build. */
function urlOf(pathname: string, route: RouteData): URL {
  const trimmed = pathname.replace(/^\/+|\/+$/g, "");
  if (route.type === "endpoint") return new URL(`/${trimmed}`, snapshot.origin);
  return new URL(trimmed ? `/${trimmed}/` : "/", snapshot.origin);
}

/** Props compared from one build to the next: Maps and Sets by their content, not as `{}`. */
const serialisable = (value: unknown) =>
  value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value;

let pages = new Map<string, PageState>();
let generation = 0;

async function render(request: RenderRequest): Promise<Omit<RenderReply, "id">> {
  let tracker: ReadTracker | undefined;
  generation++;
  (globalThis as { __vigieSiteRender?: unknown }).__vigieSiteRender = {
    generation,
    wrap: (site: object) => {
      tracker = new ReadTracker(site);
      return tracker.site;
    },
  };
  const started = performance.now();
  app.routeCache.clearAll();
  const paths = await new StaticPaths(app).getAll();
  if (!tracker) throw new Error("no page loaded the site document");
  const loaded = performance.now();
  const update = request.base !== null && pages.size > 0;
  if (update) linkTree(request.base as string, request.outDir);
  const linked = performance.now();
  const previous = update ? pages : new Map<string, PageState>();
  const next = new Map<string, PageState>();
  let rendered = 0;
  let unchanged = 0;
  for (const { pathname, route } of paths) {
    if (route.type !== "page" && route.type !== "endpoint")
      throw new Error(`${route.component}: ${route.type} routes are not rendered by Vigie's renderer`);
    const key = pathname.replace(/\/+$/, "") || "/";
    if (next.has(key)) continue;
    const file = fileOf(pathname, route);
    const props = app.routeCache.get(route)?.staticPaths?.keyed.get(pathname)?.props;
    const propsText = JSON.stringify(props ?? null, (_k, v) => serialisable(tracker!.raw(v))) ?? "";
    const before = previous.get(key);
    if (before && before.file === file && before.props === propsText && !tracker.differs(before.reads)) {
      next.set(key, before);
      unchanged++;
      continue;
    }
    tracker.start();
    let response: Response;
    try {
      response = await app.render(new Request(urlOf(pathname, route)), { routeData: route });
    } finally {
      next.set(key, { file, props: propsText, reads: tracker.stop() });
    }
    if (response.status >= 300 && response.status < 400)
      throw new Error(
        `${pathname} answered a redirect (${response.status}), which the renderer does not write`,
      );
    if (before && before.file !== file) await removeFile(request.outDir, before.file);
    if (response.body) await writeFileFresh(request.outDir, file, Buffer.from(await response.arrayBuffer()));
    else await removeFile(request.outDir, file);
    rendered++;
  }
  let removed = 0;
  for (const [key, state] of previous) {
    if (next.has(key)) continue;
    await removeFile(request.outDir, state.file);
    removed++;
  }
  // Pages that change the site's data leave nothing reliable to compare with: render all next time.
  pages = tracker.mutated ? new Map() : next;
  const ms = { load: loaded - started, link: linked - loaded, pages: performance.now() - linked };
  const timings = Object.fromEntries(
    Object.entries(ms).map(([k, v]) => [k, Math.round(v)]),
  ) as RenderReply["timings"];
  return { ok: true, error: null, rendered, unchanged, removed, timings };
}

// One request at a time: the parent waits for each answer.
process.on("message", (message: RenderRequest) => {
  warnings.length = 0;
  render(message).then(
    (result) => process.send?.({ id: message.id, ...result } satisfies RenderReply),
    (error: unknown) => {
      // What the pages were is unknown now: the next request renders every page.
      pages = new Map();
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send?.({
        id: message.id,
        ok: false,
        error: [reason, ...warnings].join("\n").slice(0, 4000),
        rendered: 0,
        unchanged: 0,
        removed: 0,
        timings: null,
      } satisfies RenderReply);
    },
  );
});
// The parent is gone (stopped, or killed): nothing will ask for a page again.
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
