import { afterEach, describe, expect, it } from "vitest";
import { acquireLease } from "../../../api/domain/leases/lease-store.ts";
import { finishBuildRecord, startBuildRecord } from "../../../api/domain/site/site-builds.ts";
import { createApp } from "../../../api/http/app.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";

interface Rig extends TestDb {
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
  json(path: string): Promise<{ status: number; headers: Headers; body: any }>;
}

let t: Rig;
afterEach(() => t?.close());

/** The real app over a real database, as a process that builds the page (or not) starts it. */
async function createTestApp(
  { storage = "memory", buildsSite = true } = {} as {
    storage?: "memory" | "file";
    buildsSite?: boolean;
  },
): Promise<Rig> {
  const db = await createTestDb({ storage });
  const app = createApp({
    deps: db.deps,
    publicUrl: testPublicUrl,
    rebuildSite: buildsSite ? async () => undefined : undefined,
  });
  const json = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  return { ...db, json };
}

async function build(ok: boolean, error: string | null = null) {
  const id = await startBuildRecord(t.deps, 0);
  await finishBuildRecord(t.deps, id, { ok, durationMs: 10, error });
  return id;
}

describe("GET /readyz", () => {
  it("is not ready before the status page has been built, and says so", async () => {
    t = await createTestApp();
    const res = await t.json("/readyz");
    expect(res.status).toBe(503);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.status).toBe("not_ready");
    expect(res.body.checks.database).toEqual({ ok: true, message: "answers" });
    expect(res.body.checks.migrations).toEqual({ ok: true, message: "current" });
    expect(res.body.checks.site).toEqual({ ok: false, message: "the status page has not been built yet" });
  });

  it("does not wait for a first build in a process that does not build the page, but reports a failed one", async () => {
    t = await createTestApp({ buildsSite: false });
    const res = await t.json("/readyz");
    expect(res.status).toBe(200);
    expect(res.body.checks.site).toEqual({
      ok: true,
      message: "not built by this process (VIGIE_PUBLISHER=0), nor by another yet",
    });
    const id = await build(false, "out of memory");
    const failed = await t.json("/readyz");
    expect(failed.status).toBe(503);
    expect(failed.body.checks.site.message).toBe(
      `the last build of the status page (#${id}) failed: out of memory`,
    );
  });

  it("is ready once the last finished build succeeded, while a new one runs", async () => {
    t = await createTestApp();
    const id = await build(true);
    await startBuildRecord(t.deps, 1);
    const res = await t.json("/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "ready",
      checks: {
        database: { ok: true, message: "answers" },
        migrations: { ok: true, message: "current" },
        site: { ok: true, message: `build #${id} succeeded` },
      },
    });
  });

  it("is not ready when the last build failed, with the build's error", async () => {
    t = await createTestApp();
    await build(true);
    const id = await build(false, "astro exited with code 1");
    const res = await t.json("/readyz");
    expect(res.status).toBe(503);
    expect(res.body.checks.site.message).toBe(
      `the last build of the status page (#${id}) failed: astro exited with code 1`,
    );
  });

  it("is not ready when a migration is missing from the database", async () => {
    t = await createTestApp();
    await build(true);
    await t.handle.client.execute(
      "DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)",
    );
    const res = await t.json("/readyz");
    expect(res.status).toBe(503);
    expect(res.body.checks.migrations.ok).toBe(false);
    expect(res.body.checks.migrations.message).toMatch(/^1 migration\(s\) not applied yet/);
  });

  it("is not ready when the database holds migrations of a newer version", async () => {
    t = await createTestApp();
    await build(true);
    await t.handle.client.execute(
      "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)",
    );
    const res = await t.json("/readyz");
    expect(res.status).toBe(503);
    expect(res.body.checks.migrations.message).toMatch(/newer Vigie/);
  });

  it("answers 503 at once when the database is gone, while /healthz-style checks are skipped", async () => {
    t = await createTestApp({ storage: "file" });
    await build(true);
    t.handle.client.close();
    const res = await t.json("/readyz");
    expect(res.status).toBe(503);
    expect(res.body.checks.database.ok).toBe(false);
    expect(res.body.checks.database.message).toMatch(/^the database: /);
    expect(res.body.checks.site).toEqual({ ok: false, message: "not checked: the database did not answer" });
  });
});

describe("GET /readyz with leases", () => {
  it("says which elected jobs this process runs, without naming the other processes", async () => {
    const db = await createTestDb();
    t = { ...db, json: async () => ({ status: 0, headers: new Headers(), body: null }) };
    const app = createApp({ deps: db.deps, publicUrl: testPublicUrl, leaseHolder: "web-1:100:aaaaaa" });
    expect(await acquireLease(db.deps, "publisher", "web-1:100:aaaaaa", 60_000)).toBe(true);
    expect(await acquireLease(db.deps, "notifier", "web-2:200:bbbbbb", 60_000)).toBe(true);
    const body = (await (await app.request("/readyz")).json()) as { leases: Record<string, string> };
    expect(body.leases).toEqual({
      publisher: "this process",
      notifier: "another process",
      scheduler: "nobody",
      backups: "nobody",
    });
    expect(JSON.stringify(body)).not.toContain("web-2");
    // A lease that expired is nobody's.
    expect(await acquireLease(db.deps, "scheduler", "web-2:200:bbbbbb", 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = (await (await app.request("/readyz")).json()) as { leases: Record<string, string> };
    expect(later.leases.scheduler).toBe("nobody");
  });
});
