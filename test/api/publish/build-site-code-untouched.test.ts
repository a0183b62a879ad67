import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../../api/publish/build-site.ts";
import { treeChanges, treeListing } from "../../helpers/tree-listing.ts";
import { fakeSiteDocument } from "../../site/fake-site-document.ts";
import { serveStatic } from "../../site/serve-json.ts";

const codeDir = fileURLToPath(new URL("../../..", import.meta.url));
// Written by the test runner itself, or by other tools while this runs; not by the build.
const notTheBuild = [".git", "node_modules/.vite", "node_modules/.vitest", "data", "coverage"];

/** Runs build-once-cli.ts where the code directory is a read-only bind mount; returns its last line. */
async function buildReadOnly(args: string[]): Promise<unknown> {
  // A private mount namespace where the code is a read-only bind mount: writes fail with EROFS
  // even for root, as on an install whose code lives on a read-only image.
  const { stdout } = await new Promise<{ stdout: string }>((done, fail) =>
    execFile(
      "unshare",
      [
        "--mount",
        "--",
        "sh",
        "-c",
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && touch "$0/.probe" 2>/dev/null && exit 9; exec "$@"',
        codeDir,
        process.execPath,
        "--import",
        "tsx",
        join(codeDir, "test/api/publish/build-once-cli.ts"),
        ...args,
      ],
      { cwd: codeDir, timeout: 240_000 },
      (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stderr}`)) : done({ stdout })),
    ),
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("the page build", () => {
  let dir: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vigie-build-ro-"));
    const api = await serveStatic({
      "/api/site.json": { type: "application/json", body: JSON.stringify(fakeSiteDocument()) },
    });
    close = api.close;
    process.env.VIGIE_TEST_API = api.url;
  });
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes nothing into the code, only into its output and work folders (a read-only install builds)", async () => {
    const before = treeListing(codeDir, notTheBuild);
    const outDir = join(dir, "out");
    const workDir = join(dir, "work");
    const outcome = await buildSite({ apiUrl: process.env.VIGIE_TEST_API!, liveApiUrl: "", outDir, workDir });
    expect(outcome.error).toBeNull();
    expect(outcome.ok).toBe(true);
    expect(readFileSync(join(outDir, "index.html"), "utf8")).toContain("<html");
    expect(treeChanges(before, treeListing(codeDir, notTheBuild))).toEqual([]);
    // Its work folder is gone once it is done.
    expect(existsSync(workDir)).toBe(false);
    expect(readdirSync(dir)).toEqual(["out"]);
  }, 120_000);

  it("builds with the code directory mounted read-only", async () => {
    const data = mkdtempSync(join(tmpdir(), "vigie-build-ro-mount-"));
    try {
      const outcome = await buildReadOnly([
        process.env.VIGIE_TEST_API!,
        join(data, "out"),
        join(data, "work"),
      ]);
      expect(outcome).toMatchObject({ ok: true, error: null });
      expect(readFileSync(join(data, "out", "index.html"), "utf8")).toContain("<html");
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);

  it("builds incrementally with the code directory mounted read-only", async () => {
    const data = mkdtempSync(join(tmpdir(), "vigie-build-ro-mount-"));
    try {
      const result = await buildReadOnly([
        process.env.VIGIE_TEST_API!,
        join(data, "out"),
        join(data, "work"),
        "incremental",
      ]);
      expect(result).toMatchObject({
        first: { ok: true, error: null, pages: { compiled: true } },
        outcome: { ok: true, error: null, pages: { compiled: false } },
      });
      expect(readFileSync(join(data, "out", "index.html"), "utf8")).toContain("<html");
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 240_000);
});
