import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../api/cli/main.ts";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createApp } from "../../../api/http/app.ts";
import { startBackupScheduler } from "../../../api/publish/backup-scheduler.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { statuspageDocuments } from "../../helpers/statuspage-documents.ts";
import { buildRichPage } from "../domain/backup/rich-page.ts";

const publicDocuments = statuspageDocuments;

let dir: string;
let source: TestApp;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-drill-"));
  source = await createTestApp({ storage: "file" });
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  source.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The public API of a database, as the server would serve it. */
async function publicApi(databaseUrl: string) {
  const handle = createDb({ url: databaseUrl });
  await migrateDb(handle);
  cleanups.push(() => handle.close());
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger, versionTtlMs: 0 });
  const app = createApp({ deps, publicUrl: testPublicUrl });
  return async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: await res.json() };
  };
}

/** Every subscriber with its components, every column but the pending SMS code (a secret). */
async function subscribersOf(databaseUrl: string) {
  const client = createClient({ url: databaseUrl });
  cleanups.push(() => client.close());
  const rows = await client.execute(
    `SELECT s.*, (SELECT group_concat(component_id, ',') FROM (SELECT component_id FROM subscriber_components c
       WHERE c.subscriber_id = s.id ORDER BY component_id)) AS components
     FROM subscribers s ORDER BY s.id`,
  );
  return rows.rows.map((row) => {
    const entries = rows.columns.filter((c) => c !== "verification_code_hash").map((c) => [c, row[c]]);
    return Object.fromEntries(entries);
  });
}

describe("restore drill", () => {
  it("an automatic backup of a populated page, restored with vigie import, serves the same page and subscribers", async () => {
    await buildRichPage(source);
    const backups = join(dir, "backups");
    const scheduler = startBackupScheduler({
      deps: source.deps,
      client: source.handle.client,
      snapshot: true,
      targets: [backups],
      intervalMs: 86_400_000,
      keep: 7,
      withSecrets: false,
      workDir: join(dir, "work"),
    });
    const run = await scheduler.runNow();
    await scheduler.stop();
    expect(run.status).toBe("succeeded");
    expect(readdirSync(backups)).toEqual([run.fileName]);

    const restoredUrl = `file:${join(dir, "restored.db")}`;
    const err: string[] = [];
    const code = await runCli(["import", join(backups, run.fileName)], {
      env: { DATABASE_URL: restoredUrl },
      stdout: () => {},
      stderr: (text) => err.push(text),
    });
    expect(code, err.join("")).toBe(0);

    const sourceUrl = `file:${source.handle.location}`;
    const [before, after] = [await publicApi(sourceUrl), await publicApi(restoredUrl)];
    for (const path of publicDocuments) {
      for (const query of ["", "?locale=fr"]) {
        const [a, b] = [await before(`/api/v2/${path}${query}`), await after(`/api/v2/${path}${query}`)];
        expect(a.status, path).toBe(200);
        expect(b, `${path}${query}`).toEqual(a);
      }
    }
    const subscribers = await subscribersOf(sourceUrl);
    expect(subscribers.length).toBeGreaterThanOrEqual(6);
    expect(subscribers.some((s) => String(s.components).length > 0)).toBe(true);
    expect(await subscribersOf(restoredUrl)).toEqual(subscribers);
  });
});
