import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PublishTargetPolicy } from "../../../api/domain/settings/publish-target-policy.ts";
import { publishTo } from "../../../api/publish/publish-targets.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

const codeDir = fileURLToPath(new URL("../../..", import.meta.url));

let dir: string;
let root: string;
let dataDir: string;
let policy: PublishTargetPolicy;
let t: TestApp | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-publish-root-"));
  root = join(dir, "www");
  dataDir = join(dir, "data");
  mkdirSync(root);
  mkdirSync(dataDir);
  policy = { root, protectedDirs: [dataDir, codeDir] };
});
afterEach(() => {
  t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const patchTargets = (targets: string[]) =>
  t!.json("PATCH", "/api/admin/settings", { body: { publish_targets: targets } });

describe("publish_targets set by an owner", () => {
  it("refuses any directory while the operator has set no PUBLISH_ROOT, and says how to allow one", async () => {
    t = await createTestApp();
    const res = await patchTargets([join(dir, "victim")]);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("PUBLISH_ROOT");
    expect(res.body.error.message).toMatch(/^publish_targets refused: directory targets are off/);
    expect((await patchTargets(["rclone:s3:bucket"])).status).toBe(200);
  });

  it("takes a folder under PUBLISH_ROOT and refuses folders outside it, DATA_DIR, its parents and the code", async () => {
    t = await createTestApp({ publishPolicy: policy });
    expect((await patchTargets([join(root, "status")])).status).toBe(200);
    const outside = join(dir, "victim");
    mkdirSync(outside);
    // A link under the root that leads out of it counts as where it leads.
    symlinkSync(outside, join(root, "escape"));
    for (const [target, words] of [
      [outside, "not inside the publish root"],
      [join(root, "escape", "status"), "not inside the publish root"],
      [join(root, "..", "victim"), "not inside the publish root"],
      [root, "not inside the publish root"],
      ["/", "root of the file system"],
      [dataDir, "Vigie's own files"],
      [dir, "Vigie's own files"],
      [join(dataDir, "site", "current"), "Vigie's own files"],
      [codeDir, "Vigie's own files"],
      [join(codeDir, "api"), "Vigie's own files"],
    ] as const) {
      const res = await patchTargets([target]);
      expect(res.status, target).toBe(422);
      expect(res.body.error.message, target).toContain(words);
    }
  });
});

describe("publishing to a directory", () => {
  const build = () => {
    const b = join(dir, "build");
    mkdirSync(b, { recursive: true });
    writeFileSync(join(b, "index.html"), "page");
    return b;
  };

  it("never deletes a folder Vigie did not create, even under PUBLISH_ROOT", async () => {
    const victim = join(root, "docs");
    mkdirSync(victim);
    writeFileSync(join(victim, "precious.txt"), "not Vigie's");
    const result = await publishTo(build(), victim, { policy, attempts: 1 });
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.error).toMatch(/^refused: .*did not put there.*\.vigie-publish/);
    expect(readFileSync(join(victim, "precious.txt"), "utf8")).toBe("not Vigie's");
    expect(existsSync(join(victim, "index.html"))).toBe(false);
  });

  it("creates a new folder with its marker, then replaces it on the next build", async () => {
    const target = join(root, "status");
    expect(await publishTo(build(), target, { policy })).toMatchObject({ ok: true, attempts: 1 });
    expect(existsSync(join(target, ".vigie-publish"))).toBe(true);
    expect(await publishTo(build(), target, { policy })).toMatchObject({ ok: true });
    expect(readFileSync(join(target, "index.html"), "utf8")).toBe("page");
  });

  it("checks again when publishing: a stored target outside the root is refused without a retry", async () => {
    const outside = join(dir, "victim");
    mkdirSync(outside);
    writeFileSync(join(outside, "keep.txt"), "x");
    const result = await publishTo(build(), outside, { policy });
    expect(result).toMatchObject({ ok: false, attempts: 0 });
    expect(result.error).toContain("not inside the publish root");
    expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("x");
  });

  it("lets the operator's PUBLISH_TARGETS name a folder outside the root, but never DATA_DIR or its parents", async () => {
    const mirror = join(dir, "mirror");
    expect(await publishTo(build(), mirror, { policy, envTargets: [mirror] })).toMatchObject({ ok: true });
    const result = await publishTo(build(), dir, { policy, envTargets: [dir] });
    expect(result).toMatchObject({ ok: false, attempts: 0 });
    expect(result.error).toContain("Vigie's own files");
    expect(existsSync(join(dataDir))).toBe(true);
  });
});
