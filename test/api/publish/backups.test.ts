import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBackupRun } from "../../../api/domain/backup/backup-runs.ts";
import { createApp } from "../../../api/http/app.ts";
import { type BackupScheduler, startBackupScheduler } from "../../../api/publish/backup-scheduler.ts";
import { type EmailRig, startEmailRig } from "../../helpers/email-rig.ts";
import { type TestApp, testPublicUrl } from "../../helpers/harness.ts";

let rig: EmailRig;
let t: TestApp;
let dir: string;
const schedulers: BackupScheduler[] = [];

beforeEach(async () => {
  rig = await startEmailRig({ storage: "file" });
  t = rig.t;
  dir = mkdtempSync(join(tmpdir(), "vigie-backups-"));
  const created = await t.json("POST", "/api/admin/components", { body: { name: "Checkout" } });
  expect(created.status).toBe(201);
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  await rig.close();
  rmSync(dir, { recursive: true, force: true });
});

function scheduler(
  targets: string[],
  options: { keep?: number; withSecrets?: boolean; intervalMs?: number } = {},
) {
  const s = startBackupScheduler({
    deps: t.deps,
    client: t.handle.client,
    snapshot: true,
    targets,
    intervalMs: options.intervalMs ?? 86_400_000,
    keep: options.keep ?? 3,
    withSecrets: options.withSecrets ?? false,
    workDir: join(dir, "work"),
    targetOptions: { attempts: 2, backoffMs: 10 },
  });
  schedulers.push(s);
  return s;
}

const files = (folder: string) => readdirSync(folder).sort();

describe("automatic backups", () => {
  it("write a vigie export file to every directory target, and GET /api/admin/backups shows it", async () => {
    const [a, b] = [join(dir, "a"), join(dir, "nested", "b")];
    const run = await scheduler([a, b]).runNow();
    expect(run.status).toBe("succeeded");
    expect(run.fileName).toBe("vigie-backup-20261127T120000Z.json");
    for (const folder of [a, b]) {
      expect(files(folder)).toEqual([run.fileName]);
      const backup = JSON.parse(readFileSync(join(folder, run.fileName), "utf8"));
      expect(backup).toMatchObject({ format: "vigie-backup", version: 1, with_secrets: false });
      expect(backup.tables.components.map((c: { name: string }) => c.name)).toEqual(["Checkout"]);
      expect(backup.tables.api_tokens).toHaveLength(3);
      for (const token of backup.tables.api_tokens) expect(token.token_hash).toBeUndefined();
      expect(backup.tables.installation_secrets).toBeUndefined();
    }
    // The file is only on the targets: the working copy is gone.
    expect(files(join(dir, "work"))).toEqual([]);

    const res = await t.json("GET", "/api/admin/backups", { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.body.last_run).toMatchObject({
      id: run.id,
      status: "succeeded",
      file_name: run.fileName,
      with_secrets: false,
      error: null,
      size_bytes: readFileSync(join(a, run.fileName)).length,
    });
    expect(res.body.last_run.targets).toEqual([
      expect.objectContaining({ target: a, ok: true, attempts: 1, error: null, kept: 1 }),
      expect.objectContaining({ target: b, ok: true, attempts: 1, error: null, kept: 1 }),
    ]);
    expect(res.body.last_success.id).toBe(run.id);
    expect((await t.json("GET", "/api/admin/backups", { token: null })).status).toBe(401);
  });

  it("are made on demand by an owner with POST /api/admin/backups, and refused where none are configured", async () => {
    const target = join(dir, "on-demand");
    const s = scheduler([target], { intervalMs: 86_400_000 });
    await s.runNow();
    t.clock.advance(60_000);
    const app = createApp({ deps: t.deps, publicUrl: testPublicUrl, backUpNow: () => s.runNow() });
    const post = (token: string) =>
      app.request("/api/admin/backups", { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect((await post(t.tokens.editor)).status).toBe(403);
    const res = await post(t.tokens.owner);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { enabled: boolean; recent: { status: string; file_name: string }[] };
    expect(body.enabled).toBe(true);
    expect(body.recent.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(files(target)).toEqual(body.recent.map((r) => r.file_name).sort());

    const without = await t.json("POST", "/api/admin/backups");
    expect(without.status).toBe(409);
    expect(without.body.error.message).toBe("This server makes no automatic backups: set BACKUP_TARGETS.");
  });

  it("keep the newest BACKUP_KEEP files per target and never touch other files", async () => {
    const target = join(dir, "keep");
    const s = scheduler([target], { keep: 2 });
    await s.runNow();
    writeFileSync(join(target, "notes.txt"), "mine");
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(3_600_000);
      names.push((await s.runNow()).fileName);
    }
    expect(files(target)).toEqual([...names.slice(1), "notes.txt"].sort());
  });

  it("go to rclone remotes too, which keep the newest BACKUP_KEEP files", async () => {
    // rclone's on-the-fly local backend: the real rclone binary, copyto, lsf and deletefile.
    const folder = join(dir, "remote");
    const s = scheduler([`rclone::local:${folder}`], { keep: 2 });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await s.runNow();
      expect(run.status, run.error ?? "").toBe("succeeded");
      expect(run.targetResults[0]).toMatchObject({ ok: true, kept: Math.min(i + 1, 2) });
      names.push(run.fileName);
      t.clock.advance(3_600_000);
    }
    expect(files(folder)).toEqual(names.slice(1));
    const backup = JSON.parse(readFileSync(join(folder, names[2]!), "utf8"));
    expect(backup.format).toBe("vigie-backup");
  });

  it("report an rclone remote that does not exist, with rclone's reason", async () => {
    const run = await scheduler(["rclone:no-such-remote:bucket"]).runNow();
    expect(run.status).toBe("failed");
    expect(run.targetResults[0]).toMatchObject({ ok: false, attempts: 2 });
    expect(run.error).toMatch(
      /^rclone:no-such-remote:bucket: rclone copyto exited with 1: .*no-such-remote/s,
    );
  });

  it("hold the secrets only when the owner turns it on", async () => {
    const target = join(dir, "secrets");
    const run = await scheduler([target], { withSecrets: true }).runNow();
    const backup = JSON.parse(readFileSync(join(target, run.fileName), "utf8"));
    expect(backup.with_secrets).toBe(true);
    expect(backup.tables.api_tokens).toHaveLength(3);
    for (const token of backup.tables.api_tokens) expect(token.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.withSecrets).toBe(true);
  });

  it("alert the on-call contacts when a target fails, while the other targets still get the file", async () => {
    const contact = await t.json("POST", "/api/admin/oncall-contacts", {
      body: { name: "Ada (on call)", email: "oncall@acme.test" },
    });
    expect(contact.status).toBe(201);
    await rig.settle();
    const seen = rig.resend.emails.length;
    const good = join(dir, "good");
    writeFileSync(join(dir, "a-file"), "not a folder");
    const bad = join(dir, "a-file", "backups");
    t.clock.advance(60_000);
    const run = await scheduler([good, bad]).runNow();
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(new RegExp(`^${bad.replaceAll("/", "\\/")}: ENOTDIR`));
    expect(files(good)).toEqual([run.fileName]);
    expect(run.targetResults[1]).toMatchObject({ target: bad, ok: false, attempts: 2, kept: null });

    await rig.settle();
    const alerts = rig.resend.emails.slice(seen);
    expect(alerts.map((e) => [e.to, e.subject])).toEqual([
      [["oncall@acme.test"], "[Vigie] Automatic backup failed"],
    ]);
    expect(alerts[0]!.text).toContain(`The automatic backup ${run.fileName} failed: ${bad}: ENOTDIR`);
    expect(alerts[0]!.text).toContain(`${good}: written`);
    // Admin business: the public page's updated_at does not move.
    const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
    expect(new Date(summary.body.page.updated_at).getTime()).toBeLessThan(t.clock.now().getTime());

    const res = await t.json("GET", "/api/admin/backups", { token: t.tokens.viewer });
    expect(res.body.last_run.status).toBe("failed");
    expect(res.body.last_success).toBeNull();
  });

  it("count a backup left running by a stopped process as failed, at the next start", async () => {
    const stale = await startBackupRun(t.deps, "vigie-backup-20261127T120000Z.json", false);
    t.clock.advance(2 * 3_600_000);
    const target = join(dir, "after-crash");
    scheduler([target], { intervalMs: 3_600_000 });
    const deadline = Date.now() + 10_000;
    let body: { recent: { id: number; status: string; error: string | null }[] } = { recent: [] };
    while (Date.now() < deadline) {
      body = (await t.json("GET", "/api/admin/backups", { token: t.tokens.viewer })).body;
      if (body.recent.length === 2 && body.recent[0]!.status !== "running") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body.recent.find((r) => r.id === stale)).toMatchObject({
      status: "failed",
      error: "interrupted: the process stopped before the backup was written to every target",
    });
    // Due again (the interval has passed since it started): the next backup runs at once.
    expect(body.recent[0]).toMatchObject({ status: "succeeded" });
    expect(files(target)).toHaveLength(1);
  });

  it("run at start when none was made within the interval, and wait otherwise", async () => {
    const target = join(dir, "scheduled");
    const first = scheduler([target], { intervalMs: 3_600_000 });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const res = await t.json("GET", "/api/admin/backups", { token: t.tokens.viewer });
      if (res.body.last_run?.status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(files(target)).toHaveLength(1);
    await first.stop();
    // A restart within the hour: no second backup.
    t.clock.advance(30 * 60_000);
    scheduler([target], { intervalMs: 3_600_000 });
    await new Promise((r) => setTimeout(r, 300));
    const res = await t.json("GET", "/api/admin/backups", { token: t.tokens.viewer });
    expect(res.body.recent).toHaveLength(1);
    expect(files(target)).toHaveLength(1);
  });
});
