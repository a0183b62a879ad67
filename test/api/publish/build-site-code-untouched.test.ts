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
});
