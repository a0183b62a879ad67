import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cursorOf } from "../../../api/domain/outbox/outbox-cursor.ts";
import { siteState } from "../../../api/domain/site/site-builds.ts";
import type { BuildOutcome } from "../../../api/publish/build-site.ts";
import { ElectedSiteFolder } from "../../../api/publish/elected-site-folder.ts";
import { publisherConsumer, startPublisher } from "../../../api/publish/publisher.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
let dir: string;
beforeEach(async () => {
  t = await createTestDb({ storage: "file" });
  dir = mkdtempSync(join(tmpdir(), "vigie-elected-folder-"));
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a publisher that loses its lease during a build", () => {
  it("does not put that build in place, records why, and leaves the changes to the next publisher", async () => {
    let elected = true;
    const folder = new ElectedSiteFolder(join(dir, "site"), () => elected);
    const publisher = startPublisher({
      deps: t.deps,
      folder,
      apiUrl: "http://127.0.0.1:1",
      liveApiUrl: "",
      pollMs: 60_000,
      build: async ({ outDir }): Promise<BuildOutcome> => {
        await mkdir(outDir, { recursive: true });
        await writeFile(join(outDir, "index.html"), "page");
        // Another process took the lease while this build ran.
        elected = false;
        return { ok: true, durationMs: 5, error: null };
      },
    });
    try {
      const outcome = await publisher.rebuildNow();
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toContain("no longer the elected publisher");
      expect(await folder.currentBuild()).toBeNull();
      const { lastBuild } = await siteState(t.deps);
      expect(lastBuild?.status).toBe("failed");
      expect(lastBuild?.error).toContain("no longer the elected publisher");
      expect(await cursorOf(t.deps, publisherConsumer)).toBe(0);
      // Elected again, it builds and swaps as usual.
      elected = true;
      const again = startPublisher({
        deps: t.deps,
        folder,
        apiUrl: "http://127.0.0.1:1",
        liveApiUrl: "",
        pollMs: 60_000,
        build: async ({ outDir }) => {
          await mkdir(outDir, { recursive: true });
          await writeFile(join(outDir, "index.html"), "page");
          return { ok: true, durationMs: 5, error: null };
        },
      });
      expect((await again.rebuildNow()).ok).toBe(true);
      expect(await folder.currentBuild()).not.toBeNull();
      await again.stop();
    } finally {
      await publisher.stop();
    }
  });
});
