import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeps, type Deps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { requestRebuild } from "../../../api/domain/site/request-rebuild.ts";
import { siteState } from "../../../api/domain/site/site-builds.ts";
import type { BuildOutcome, BuildSiteOptions } from "../../../api/publish/build-site.ts";
import { type Publisher, startPublisher } from "../../../api/publish/publisher.ts";
import { SiteFolder } from "../../../api/publish/site-folder.ts";
import { createDb, type DbHandle } from "../../../db/client.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
let dir: string;
let publisher: Publisher | undefined;
let handle: DbHandle;
/** Another process on the same database file: it does not publish, the one above does. */
let elsewhere: Deps;

beforeEach(async () => {
  t = await createTestDb({ storage: "file" });
  dir = mkdtempSync(join(tmpdir(), "vigie-request-rebuild-"));
  handle = createDb({ url: `file:${t.file}` });
  elsewhere = createDeps({ handle, clock: t.clock, logger: silentLogger });
});
afterEach(async () => {
  await publisher?.stop();
  publisher = undefined;
  handle.close();
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(state: { fail: boolean; builds: number }) {
  publisher = startPublisher({
    deps: t.deps,
    folder: new SiteFolder(join(dir, "site")),
    apiUrl: "http://127.0.0.1:1",
    liveApiUrl: "",
    debounceMs: 20,
    pollMs: 50,
    build: async ({ outDir }: BuildSiteOptions): Promise<BuildOutcome> => {
      state.builds++;
      if (state.fail) return { ok: false, durationMs: 5, error: "site build failed: boom" };
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, "index.html"), "page");
      return { ok: true, durationMs: 5, error: null };
    },
  });
}

const builtOnce = async () => {
  for (let i = 0; i < 200 && (await siteState(t.deps)).lastSuccess === null; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
};

describe("a rebuild asked for on a process that does not publish", () => {
  it("is done by the publishing process, and answers once that build has finished", async () => {
    const state = { fail: false, builds: 0 };
    start(state);
    await builtOnce();
    const before = state.builds;
    const answer = await requestRebuild(elsewhere, { pollMs: 25 });
    expect(answer).toEqual({ ok: true, error: null });
    expect(state.builds).toBe(before + 1);
    const { lastBuild } = await siteState(t.deps);
    expect(lastBuild?.status).toBe("succeeded");
  });

  it("answers with the build's failure", async () => {
    const state = { fail: false, builds: 0 };
    start(state);
    await builtOnce();
    state.fail = true;
    const answer = await requestRebuild(elsewhere, { pollMs: 25 });
    expect(answer).toEqual({ ok: false, error: "site build failed: boom" });
  });

  it("stays recorded when no process publishes now, and is built by the next one", async () => {
    const answer = await requestRebuild(elsewhere, { timeoutMs: 200, pollMs: 25 });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/^no process built the page within 0 s; the rebuild stays requested/);
    const state = { fail: false, builds: 0 };
    start(state);
    await builtOnce();
    expect(state.builds).toBe(1);
    // That first build covers the request: asking again is answered by a build that includes both.
    expect((await siteState(t.deps)).lastSuccess?.outboxSeq).toBeGreaterThanOrEqual(1);
  });
});
