import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  finishBuildRecord,
  recordPublishResults,
  startBuildRecord,
} from "../../../api/domain/site/site-builds.ts";
import { rebuildOnce } from "../../../api/publish/rebuild-once.ts";
import { SiteFolder } from "../../../api/publish/site-folder.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
afterEach(() => t.close());

/** A fake publisher: each rebuild records a build the way the real one does, with the outcome given. */
function fakePublisher(outcome: { ok: boolean; error: string | null }) {
  const calls: number[] = [];
  const rebuildSite = async () => {
    calls.push(calls.length + 1);
    const id = await startBuildRecord(t.deps, 1);
    await finishBuildRecord(t.deps, id, { ...outcome, durationMs: 2500 });
    await recordPublishResults(t.deps, id, [
      { target: "/var/www/status", ok: outcome.ok, attempts: 1, error: outcome.error, durationMs: 40 },
    ]);
    return { ...outcome, durationMs: 2500 };
  };
  return { calls, rebuildSite };
}

describe("/admin/site", () => {
  it("shows a build that could not write DATA_DIR as failed, with the reason, not as running", async () => {
    t = await createConsoleRig();
    const dir = mkdtempSync(join(tmpdir(), "vigie-console-site-"));
    try {
      // A file where the site folder should be: nothing can be written under it.
      writeFileSync(join(dir, "site"), "in the way");
      const result = await rebuildOnce({
        deps: t.deps,
        folder: new SiteFolder(join(dir, "site")),
        apiUrl: "http://127.0.0.1:9",
        liveApiUrl: "",
        envTargets: [],
        publishPolicy: { root: null, protectedDirs: [] },
        build: async () => {
          throw new Error("the build must not start");
        },
      });
      expect(result.ok).toBe(false);
      const res = await (await t.signedIn("viewer")).get("/admin/site");
      expect(res.text).toMatch(/failed<\/span> #1/);
      expect(res.text).not.toContain("running</span>");
      expect(res.text).toMatch(/could not be built or put in place: ENOTDIR.*in DATA_DIR, is writable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists the last builds with their publish results and which one is online", async () => {
    t = await createConsoleRig();
    const good = await startBuildRecord(t.deps, 1);
    await finishBuildRecord(t.deps, good, { ok: true, durationMs: 1500, error: null });
    await recordPublishResults(t.deps, good, [
      { target: "rclone:s3:status", ok: false, attempts: 3, error: "remote timed out", durationMs: 9000 },
    ]);
    const bad = await startBuildRecord(t.deps, 2);
    await finishBuildRecord(t.deps, bad, { ok: false, durationMs: 800, error: "astro: <broken> page" });
    const viewer = await t.signedIn("viewer");
    const res = await viewer.get("/admin/site");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(new RegExp(`failed</span> #${bad}`));
    expect(res.text).toContain("astro: &lt;broken&gt; page");
    expect(res.text).toMatch(new RegExp(`succeeded</span> #${good} .*online`));
    expect(res.text).toContain("<code>rclone:s3:status</code>");
    expect(res.text).toContain("3 attempts · 9.0 s");
    expect(res.text).toContain("remote timed out");
    expect(res.text).toContain("VIGIE_PUBLISHER=0");
    expect(res.text).not.toContain("Rebuild now");
  });

  it("lets an editor rebuild now and says how it went", async () => {
    const ok = fakePublisher({ ok: true, error: null });
    t = await createConsoleRig({ app: { rebuildSite: ok.rebuildSite } });
    const editor = await t.signedIn("editor");
    expect((await editor.get("/admin/site")).text).toContain("Rebuild now");
    const res = await editor.post("/admin/site/rebuild", { form: {} });
    expect(res.status).toBe(303);
    expect(ok.calls).toEqual([1]);
    const after = await editor.get(res.location!);
    expect(after.text).toContain("The page is rebuilt; where it was published is listed below.");
    expect(after.text).toContain("<code>/var/www/status</code>");
  });

  it("reports a failed rebuild as an error", async () => {
    const failing = fakePublisher({ ok: false, error: "astro build exited with code 1" });
    t = await createConsoleRig({ app: { rebuildSite: failing.rebuildSite } });
    const editor = await t.signedIn("editor");
    await editor.get("/admin/site");
    const res = await editor.post("/admin/site/rebuild", { form: {} });
    const after = await editor.get(res.location!);
    expect(after.text).toContain(
      "The rebuild failed: astro build exited with code 1. The last good page stays online.",
    );
  });

  it("refuses viewers, CSRF-less posts, and servers that do not publish", async () => {
    const ok = fakePublisher({ ok: true, error: null });
    t = await createConsoleRig({ app: { rebuildSite: ok.rebuildSite } });
    const viewer = await t.signedIn("viewer");
    const page = await viewer.get("/admin/site");
    expect(page.text).not.toContain("Rebuild now");
    expect(page.text).toContain("Editors can rebuild it now.");
    const refused = await viewer.post("/admin/site/rebuild", { form: {} });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("This needs the editor role; you have the viewer role.");
    const editor = await t.signedIn("editor");
    await editor.get("/admin/site");
    expect((await editor.post("/admin/site/rebuild", { form: {}, csrf: false })).status).toBe(403);
    expect(ok.calls).toEqual([]);
    t.close();
    t = await createConsoleRig();
    const other = await t.signedIn("editor");
    await other.get("/admin/site");
    const res = await other.post("/admin/site/rebuild", { form: {} });
    expect(res.status).toBe(409);
    expect(res.text).toContain("does not build the page (VIGIE_PUBLISHER=0)");
  });
});
