import { afterEach, describe, expect, it } from "vitest";
import { finishBuildRecord, startBuildRecord } from "../../../api/domain/site/site-builds.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
afterEach(() => t?.close());

async function build(ok: boolean, error: string | null = null) {
  const id = await startBuildRecord(t.deps, 0);
  await finishBuildRecord(t.deps, id, { ok, durationMs: 10, error });
  return id;
}

describe("GET /readyz", () => {
  it("is not ready before the status page has been built, and says so", async () => {
    t = await createTestApp();
    const res = await t.json("GET", "/readyz", { token: null });
    expect(res.status).toBe(503);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.status).toBe("not_ready");
    expect(res.body.checks.database).toEqual({ ok: true, message: "answers" });
    expect(res.body.checks.migrations).toEqual({ ok: true, message: "current" });
    expect(res.body.checks.site).toEqual({ ok: false, message: "the status page has not been built yet" });
  });

  it("is ready once the last finished build succeeded, while a new one runs", async () => {
    t = await createTestApp();
    const id = await build(true);
    await startBuildRecord(t.deps, 1);
    const res = await t.json("GET", "/readyz", { token: null });
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
    const res = await t.json("GET", "/readyz", { token: null });
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
    const res = await t.json("GET", "/readyz", { token: null });
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
    const res = await t.json("GET", "/readyz", { token: null });
    expect(res.status).toBe(503);
    expect(res.body.checks.migrations.message).toMatch(/newer Vigie/);
  });

  it("answers 503 at once when the database is gone, while /healthz-style checks are skipped", async () => {
    t = await createTestApp({ storage: "file" });
    await build(true);
    t.handle.client.close();
    const res = await t.json("GET", "/readyz", { token: null });
    expect(res.status).toBe(503);
    expect(res.body.checks.database.ok).toBe(false);
    expect(res.body.checks.database.message).toMatch(/^the database: /);
    expect(res.body.checks.site).toEqual({ ok: false, message: "not checked: the database did not answer" });
  });
});
