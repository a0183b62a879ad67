import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { updateSettings } from "../../../api/domain/settings/update-settings.ts";
import { siteState } from "../../../api/domain/site/site-builds.ts";
import type { BuildOutcome, BuildSiteOptions } from "../../../api/publish/build-site.ts";
import { SiteFolder } from "../../../api/publish/site-folder.ts";
import { testDbForEachTest } from "../../helpers/harness.ts";
import { publisherForEachTest } from "../../helpers/publisher-rig.ts";
import { serveStatic } from "../../site/serve-json.ts";

const t = testDbForEachTest({ storage: "file" });
const rig = publisherForEachTest(t, "vigie-publish-faults-");

/** Stands in for `astro build`: counts its runs and writes a page. */
function countingBuild(state: { builds: number }) {
  return async ({ outDir }: BuildSiteOptions): Promise<BuildOutcome> => {
    state.builds++;
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, "index.html"), `build ${state.builds}`);
    return { ok: true, durationMs: 5, error: null };
  };
}

const start = (folder: SiteFolder, state: { builds: number }) =>
  rig.start({ folder, build: countingBuild(state) });

const builds = async () =>
  t.deps.read((db) => db.query.siteBuilds.findMany({ orderBy: (b, { asc }) => asc(b.id) }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a current folder that Vigie did not make", () => {
  it("is moved aside and replaced by the build, said in the build record, with no loop and no leftovers", async () => {
    const folder = rig.siteFolder();
    mkdirSync(folder.current, { recursive: true });
    writeFileSync(join(folder.current, "index.html"), "defaced");
    const state = { builds: 0 };
    start(folder, state);
    await expect
      .poll(() => existsSync(folder.current) && lstatSync(folder.current).isSymbolicLink(), { timeout: 5000 })
      .toBe(true);
    expect(readFileSync(join(folder.current, "index.html"), "utf8")).toBe("build 1");
    await sleep(600);
    expect(state.builds).toBe(1);
    const [record] = await builds();
    expect(record).toMatchObject({ status: "succeeded" });
    expect(record!.error).toMatch(/did not make.*moved aside to .*foreign-current-/);
    const names = readdirSync(folder.root);
    const aside = names.find((n) => n.startsWith("foreign-current-"))!;
    expect(readFileSync(join(folder.root, aside, "index.html"), "utf8")).toBe("defaced");
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("a swap that fails is recorded as failed, keeps the backoff and leaves no temporary link", async () => {
    // `current` in a folder that does not exist: every rename onto it fails.
    class BrokenFolder extends SiteFolder {
      override get current() {
        return join(this.root, "missing", "current");
      }
    }
    const folder = new BrokenFolder(rig.siteFolder().root);
    const state = { builds: 0 };
    start(folder, state);
    await sleep(1500);
    const records = await builds();
    expect(records.length).toBeGreaterThan(0);
    // 50 ms debounce: without backoff about 25 builds fit in 1.5 s; doubling delays allow 5.
    expect(state.builds).toBeLessThanOrEqual(6);
    expect(records.every((r) => r.status === "failed" || r.status === "running")).toBe(true);
    expect(records[0]!.error).toMatch(/could not be built or put in place: ENOENT/);
    expect(readdirSync(folder.root).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

describe("an unwritable DATA_DIR", () => {
  it("marks the build failed with the reason instead of leaving it running", async () => {
    // A file where the site folder should be: no folder can be made under it (root ignores modes).
    writeFileSync(rig.siteFolder().root, "in the way");
    const folder = rig.siteFolder();
    const state = { builds: 0 };
    start(folder, state);
    await expect
      .poll(async () => (await siteState(t.deps)).lastBuild?.status, { timeout: 3000 })
      .toBe("failed");
    const { lastBuild } = await siteState(t.deps);
    expect(lastBuild!.error).toMatch(
      /could not be built or put in place: (ENOTDIR|EEXIST).*in DATA_DIR, is writable/,
    );
    expect(lastBuild!.finishedAt).not.toBeNull();
    expect(state.builds).toBe(0);
  });
});

describe("work folders", () => {
  it("left by a build killed with its process are removed when the publisher starts", async () => {
    const folder = rig.siteFolder();
    const leftover = join(folder.work, "1700000000000-abcdef");
    mkdirSync(join(leftover, "build", "cache"), { recursive: true });
    writeFileSync(join(leftover, "build", "cache", "chunk.mjs"), "x".repeat(1000));
    const halfSwapped = join(folder.root, "current.0123abcd.tmp");
    symlinkSync(join(folder.builds, "gone"), halfSwapped);
    const state = { builds: 0 };
    start(folder, state);
    await expect.poll(() => existsSync(leftover), { timeout: 3000 }).toBe(false);
    expect(readdirSync(folder.root)).not.toContain("current.0123abcd.tmp");
    await expect.poll(() => state.builds, { timeout: 3000 }).toBe(1);
    await expect.poll(() => readdirSync(folder.work), { timeout: 3000 }).toEqual([]);
  });
});

describe("the logo", () => {
  it("is fetched as allow_private_targets says, cleaned, and its refusal shown on the build", async () => {
    const logoHost = await serveStatic({
      "/logo.svg": {
        type: "image/svg+xml",
        body: '<svg onload="alert(1)"><script>alert(2)</script><path d="M0 0"/></svg>',
      },
    });
    try {
      await updateSettings({
        ctx: { deps: t.deps, actor: systemActor("test") },
        input: { logo_url: `${logoHost.url}/logo.svg` },
      });
      const given: (string | null)[] = [];
      const folder = rig.siteFolder();
      rig.start({
        folder,
        build: async (options) => {
          given.push(options.logo ? new TextDecoder().decode(options.logo.bytes) : null);
          return countingBuild({ builds: 0 })(options);
        },
      });
      await expect
        .poll(async () => (await siteState(t.deps)).lastSuccess?.error, { timeout: 3000 })
        .toMatch(/built without its logo: .*loopback/);
      expect(given).toEqual([null]);
      await updateSettings({
        ctx: { deps: t.deps, actor: systemActor("test") },
        input: { allow_private_targets: true },
      });
      await expect.poll(() => given.length, { timeout: 3000 }).toBe(2);
      expect(given[1]).toContain("<path");
      expect(given[1]).not.toMatch(/script|onload/);
      await expect
        .poll(async () => (await siteState(t.deps)).lastSuccess?.error, { timeout: 3000 })
        .toBeNull();
    } finally {
      await logoHost.close();
    }
  });
});
