import { readFileSync, writeFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { siteState } from "../../../api/domain/site/site-builds.ts";
import type { BuildOutcome, BuildSiteOptions } from "../../../api/publish/build-site.ts";
import { publishTo } from "../../../api/publish/publish-targets.ts";
import type { SiteFolder } from "../../../api/publish/site-folder.ts";
import { testDbForEachTest } from "../../helpers/harness.ts";
import { publisherForEachTest } from "../../helpers/publisher-rig.ts";

const t = testDbForEachTest({ storage: "file" });
const rig = publisherForEachTest(t, "vigie-publish-");
const actor = systemActor("test");

/** Stands in for `astro build`: writes the data version it saw, or fails on demand. */
function fakeBuild(state: { fail: boolean; builds: number }) {
  return async ({ outDir }: BuildSiteOptions): Promise<BuildOutcome> => {
    state.builds++;
    if (state.fail) return { ok: false, durationMs: 5, error: "site build failed: boom" };
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, "index.html"), `version ${await t.deps.dataVersion()}`);
    return { ok: true, durationMs: 5, error: null };
  };
}

const served = async (folder: SiteFolder) => readFile(join(folder.current, "index.html"), "utf8");

describe("site publisher", () => {
  it("builds at start, then again after a change, once the quiet period is over", async () => {
    const folder = rig.siteFolder();
    const state = { fail: false, builds: 0 };
    rig.start({ folder, debounceMs: 100, pollMs: 50, build: fakeBuild(state) });
    await expect.poll(() => served(folder).catch(() => ""), { timeout: 3000 }).toBe("version 0");
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B" } });
    await expect.poll(() => served(folder), { timeout: 3000 }).toBe("version 2");
    expect(state.builds).toBe(2);
    const { lastSuccess } = await siteState(t.deps);
    expect(lastSuccess).toMatchObject({ status: "succeeded", outboxSeq: 2, durationMs: 5 });
  });

  it("keeps the last good site when a build fails, and records the error", async () => {
    const folder = rig.siteFolder();
    const state = { fail: false, builds: 0 };
    rig.start({ folder, build: fakeBuild(state) });
    await expect.poll(() => served(folder).catch(() => ""), { timeout: 3000 }).toBe("version 0");
    state.fail = true;
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    // The next attempt may already be running when this looks: keep the failed record it saw.
    let failed: Awaited<ReturnType<typeof siteState>>["lastBuild"] = null;
    await expect
      .poll(
        async () => {
          const last = (await siteState(t.deps)).lastBuild;
          if (last?.status === "failed") failed = last;
          return failed?.status;
        },
        { timeout: 3000 },
      )
      .toBe("failed");
    expect(await served(folder)).toBe("version 0");
    expect(failed!.error).toContain("boom");
    state.fail = false;
    await expect.poll(() => served(folder), { timeout: 5000 }).toBe("version 1");
  });

  it("publishes each build to every target, and a failing target does not stop the others", async () => {
    const folder = rig.siteFolder();
    const blocker = join(rig.dir, "not-a-dir");
    writeFileSync(blocker, "a file where a folder should be");
    const good = join(rig.dir, "mirror");
    rig.start({
      folder,
      envTargets: [join(blocker, "www"), good],
      publish: { attempts: 2, backoffMs: 10 },
      build: fakeBuild({ fail: false, builds: 0 }),
    });
    await expect
      .poll(async () => (await siteState(t.deps)).lastSuccess?.publishResults.length, { timeout: 3000 })
      .toBe(2);
    const results = (await siteState(t.deps)).lastSuccess!.publishResults;
    expect(results.find((r) => r.target === good)).toMatchObject({ ok: true, attempts: 1 });
    expect(results.find((r) => r.target !== good)).toMatchObject({ ok: false, attempts: 2 });
    expect(readFileSync(join(good, "index.html"), "utf8")).toBe("version 0");
  });
});

describe("rebuild timing", () => {
  it("builds a change at once, and gathers the changes made during a build into the next one", async () => {
    const folder = rig.siteFolder();
    const versions: number[] = [];
    let release: (() => void) | null = null;
    const build = async ({ outDir }: BuildSiteOptions): Promise<BuildOutcome> => {
      const version = await t.deps.dataVersion();
      versions.push(version);
      // The build of the first change takes as long as the test wants.
      if (versions.length === 2) await new Promise<void>((resolve) => (release = resolve));
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, "index.html"), `version ${version}`);
      return { ok: true, durationMs: 5, error: null };
    };
    // Polling too slow to matter: the pokes (sent after every API write) start the builds.
    const publisher = rig.start({ folder, debounceMs: 0, pollMs: 60_000, build });
    await expect.poll(() => served(folder).catch(() => ""), { timeout: 3000 }).toBe("version 0");
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    const changed = Date.now();
    publisher.poke();
    await expect.poll(() => release !== null, { timeout: 1000, interval: 10 }).toBe(true);
    expect(Date.now() - changed).toBeLessThan(500);
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B" } });
    publisher.poke();
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "C" } });
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "D" } });
    publisher.poke();
    await new Promise((r) => setTimeout(r, 200));
    expect(versions).toEqual([0, 1]);
    release!();
    await expect.poll(() => served(folder), { timeout: 3000 }).toBe("version 4");
    expect(versions).toEqual([0, 1, 4]);
    const { lastSuccess } = await siteState(t.deps);
    expect(lastSuccess).toMatchObject({ outboxSeq: 4 });
  });
});

describe("directory target", () => {
  it("replaces the whole content of a folder it published before", async () => {
    const { dir } = rig;
    const build = join(dir, "build");
    await mkdir(build);
    await writeFile(join(build, "index.html"), "new");
    const target = join(dir, "www");
    const policy = { root: dir, protectedDirs: [] };
    expect(await publishTo(build, target, { policy })).toMatchObject({ ok: true });
    await writeFile(join(target, "stale.html"), "old");
    expect(await publishTo(build, target, { policy })).toMatchObject({ ok: true });
    expect(readFileSync(join(target, "index.html"), "utf8")).toBe("new");
    await expect(readFile(join(target, "stale.html"))).rejects.toThrow();
  });

  it("reports a missing rclone or a failing remote without throwing", async () => {
    const result = await publishTo(rig.dir, "rclone:nowhere-remote:bucket", { attempts: 1 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/rclone/);
  });
});
