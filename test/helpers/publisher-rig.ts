import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Publisher, type PublisherOptions, startPublisher } from "../../api/publish/publisher.ts";
import { SiteFolder } from "../../api/publish/site-folder.ts";
import type { TestDb } from "./harness.ts";
import { perTest } from "./per-test.ts";

export type RigPublisherOptions = Omit<PublisherOptions, "deps" | "apiUrl" | "liveApiUrl">;

export interface PublisherRig {
  /** A temporary folder of the test's own, removed after it. */
  dir: string;
  /** `<dir>/site`, as the publisher's data folder would hold it (nothing is made on disk yet). */
  siteFolder(): SiteFolder;
  /**
   * A publisher on the test's database, stopped after the test. It rebuilds 50 ms after a change and
   * looks for changes every 30 ms unless told otherwise, so a test waits tenths of a second, not seconds.
   */
  start(options: RigPublisherOptions): Publisher;
}

/** A temporary folder and the publishers a test starts on `t`, for each test of the file. */
export function publisherForEachTest(t: TestDb, prefix: string): PublisherRig {
  return perTest(
    async () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      const started: Publisher[] = [];
      return {
        dir,
        started,
        siteFolder: () => new SiteFolder(join(dir, "site")),
        start(options: RigPublisherOptions) {
          const publisher = startPublisher({
            deps: t.deps,
            apiUrl: "x",
            liveApiUrl: "",
            debounceMs: 50,
            pollMs: 30,
            ...options,
          });
          started.push(publisher);
          return publisher;
        },
      };
    },
    async ({ dir, started }) => {
      for (const publisher of started) await publisher.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  );
}
