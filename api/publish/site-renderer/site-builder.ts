import { type ChildProcess, fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fromProjectRoot, projectRoot } from "../../project-root.ts";
import { type BuildOutcome, type BuildSiteOptions, buildSite, prepareWorkDir } from "../build-site.ts";
import { keepOutput, runNode, tail } from "../run-node.ts";
import type { RenderReply, RenderRequest } from "./snapshot.ts";

// The child processes run from their sources (Node's own type stripping), also when the server
// itself runs from the bundle of `npm run build`.
const here = fromProjectRoot("api", "publish", "site-renderer");

export interface SiteBuilderOptions {
  /** A folder of the builder's own, kept between builds (the compiled site and its renderer). */
  dir: string;
  /** Heap limit of the renderer process, in MiB (the data of every page it renders lives there). */
  heapMb?: number;
  timeoutMs?: number;
}

/** Builds the site like `buildSite`, but re-renders only what changed since its previous build. */
export interface SiteBuilder {
  build(options: BuildSiteOptions): Promise<BuildOutcome>;
  stop(): Promise<void>;
}

interface Compiled {
  /** What the compiled code depends on besides site/: a change compiles again. */
  key: string;
  keepDir: string;
  child: ChildProcess;
  replies: Map<number, (reply: RenderReply) => void>;
  /** The name of the last build this renderer made, which it can update. */
  last: string | null;
}

const sha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * When the compiled renderer cannot be made (an Astro upgrade changed what it relies on, a full
 * disk...), the page is still built, in full, by the one-shot `astro build`; the reason stays on
 * the build's record.
 */
async function inFull(build: BuildSiteOptions, error: unknown, started: number): Promise<BuildOutcome> {
  const reason = reasonOf(error);
  const outcome = await buildSite(build);
  const durationMs = Math.round(performance.now() - started);
  if (!outcome.ok)
    return {
      ...outcome,
      durationMs,
      error: `${outcome.error ?? "site build failed"} (the incremental renderer could not start either: ${reason})`,
    };
  return {
    ...outcome,
    durationMs,
    error: `the page was built in full: the incremental renderer could not start (${reason})`,
  };
}

/**
 * Two child processes, so that neither a crash nor a hang takes the API down: `astro build` compiles
 * site/ once (when the process starts, or when the logo or the API addresses change) and keeps the
 * bundle; a renderer process loads that bundle and stays. Each build then asks the renderer, which
 * fetches the site document again, renders the pages whose data changed into a copy of the previous
 * build made of hard links, and writes them as new files. Anything unusual (no previous build of
 * this renderer, a failure) renders every page.
 */
export function createSiteBuilder(options: SiteBuilderOptions): SiteBuilder {
  const { dir, heapMb = 192, timeoutMs = 120_000 } = options;
  const heap = [`--max-old-space-size=${heapMb}`, "--max-semi-space-size=4"];
  // Compiling holds no data: a small heap, and the bundler on one thread (each of its threads keeps
  // memory of its own), keep the step near 260 MiB instead of 350.
  const compileFlags = ["--max-old-space-size=96", "--max-semi-space-size=1"];
  const compileEnv = {
    RAYON_NUM_THREADS: "1",
    ROLLDOWN_WORKER_THREADS: "1",
    ROLLDOWN_MAX_BLOCKING_THREADS: "1",
    TOKIO_WORKER_THREADS: "1",
    // The bundler and Astro's compiler allocate through mimalloc, which by default commits its
    // arenas' memory ahead and keeps what is freed for a while: committed as used and handed back
    // at once, the step peaks some 60 MiB lower (under 256 MiB) for the same output.
    MIMALLOC_ARENA_EAGER_COMMIT: "0",
    MIMALLOC_PURGE_DELAY: "0",
    MIMALLOC_PURGE_DECOMMITS: "1",
  };
  let compiled: Compiled | null = null;
  let nextId = 1;
  let cleaned = false;

  const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
    runNode([...compileFlags, ...args], { cwd, env, timeoutMs });

  const startRenderer = (keepDir: string) =>
    new Promise<ChildProcess>((ready, fail) => {
      const child = fork(join(here, "renderer-process.ts"), [keepDir], {
        execArgv: heap,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      const output = keepOutput(child);
      child.once("message", () => ready(child));
      child.once("exit", (code) =>
        fail(new Error(`the page renderer stopped at start (exit ${code}): ${tail(output())}`)),
      );
    });

  async function compile(build: BuildSiteOptions, key: string): Promise<Compiled> {
    if (!cleaned) {
      // What an earlier process compiled is of no use to this one.
      await rm(dir, { recursive: true, force: true });
      cleaned = true;
    }
    const keepDir = join(dir, `${Date.now()}-${randomBytes(3).toString("hex")}`);
    await mkdir(keepDir, { recursive: true });
    await symlink(join(projectRoot, "node_modules"), join(keepDir, "node_modules"), "dir");
    const logoFile = build.logo ? join(keepDir, build.logo.file) : "";
    if (build.logo) await writeFile(logoFile, build.logo.bytes);
    const cwd = await prepareWorkDir(join(keepDir, "work"));
    try {
      const failed = await run([join(here, "compile-process.ts"), join(cwd, "site"), keepDir], cwd, {
        ...process.env,
        SITE_API_URL: build.apiUrl,
        SITE_LIVE_API_URL: build.liveApiUrl,
        SITE_OUT_DIR: join(keepDir, "skeleton"),
        SITE_CACHE_DIR: join(cwd, "cache"),
        SITE_LOGO_FILE: logoFile,
        ASTRO_TELEMETRY_DISABLED: "1",
        ...compileEnv,
      });
      if (failed) throw new Error(failed);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
    const child = await startRenderer(keepDir);
    const replies = new Map<number, (reply: RenderReply) => void>();
    child.on("message", (reply: RenderReply) => replies.get(reply.id)?.(reply));
    child.on("exit", (code, signal) => {
      for (const [id, done] of replies)
        done({
          id,
          ok: false,
          error: `the page renderer stopped (${signal ?? `exit ${code}`})`,
          rendered: 0,
          unchanged: 0,
          removed: 0,
          timings: null,
        });
    });
    return { key, keepDir, child, replies, last: null };
  }

  function render(state: Compiled, request: Omit<RenderRequest, "id">): Promise<RenderReply> {
    const id = nextId++;
    return new Promise((done) => {
      const timer = setTimeout(() => state.child.kill("SIGKILL"), timeoutMs);
      state.replies.set(id, (reply) => {
        clearTimeout(timer);
        state.replies.delete(id);
        done(reply);
      });
      state.child.send({ id, ...request } satisfies RenderRequest);
    });
  }

  async function drop(): Promise<void> {
    if (!compiled) return;
    const { child, keepDir } = compiled;
    compiled = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill();
      await exited;
    }
    await rm(keepDir, { recursive: true, force: true });
  }

  return {
    async build(build) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const key = sha(
        JSON.stringify([
          build.apiUrl,
          build.liveApiUrl,
          build.logo?.file ?? null,
          build.logo ? sha(build.logo.bytes) : null,
        ]),
      );
      let fresh = false;
      try {
        if (
          !compiled ||
          compiled.key !== key ||
          compiled.child.exitCode !== null ||
          compiled.child.signalCode !== null
        ) {
          await drop();
          try {
            compiled = await compile(build, key);
          } catch (error) {
            return await inFull(build, error, started);
          }
          fresh = true;
        }
        const state = compiled;
        const base =
          build.previous && state.last !== null && build.previous.name === state.last
            ? build.previous.dir
            : null;
        state.last = null;
        if (!base) await cp(join(state.keepDir, "skeleton"), build.outDir, { recursive: true });
        const reply = await render(state, { outDir: build.outDir, base });
        if (reply.ok) state.last = build.name ?? null;
        const { rendered, unchanged, removed, timings } = reply;
        return {
          ok: reply.ok,
          durationMs: elapsed(),
          error: reply.ok ? null : `site build failed: ${reply.error}`,
          pages: { rendered, unchanged, removed, compiled: fresh, timings },
        };
      } catch (error) {
        await drop().catch(() => undefined);
        return {
          ok: false,
          durationMs: elapsed(),
          error: reasonOf(error),
        };
      }
    },
    stop: drop,
  };
}
