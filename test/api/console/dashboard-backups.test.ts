import { describe, expect, it } from "vitest";
import { finishBackupRun, startBackupRun } from "../../../api/domain/backup/backup-runs.ts";
import { dashboardCard as card, consoleRigForEachTest } from "../../helpers/console-rig.ts";

const t = consoleRigForEachTest();

describe("the dashboard's backup card", () => {
  it("says when there is no automatic backup", async () => {
    const res = await (await t.signedIn("viewer")).get("/admin");
    expect(card(res.text, "Last backup")).toContain("No automatic backup yet. Set BACKUP_TARGETS");
  });

  it("shows the last backup, each target's result, and the last good one after a failure", async () => {
    const good = await startBackupRun(t.deps, "vigie-backup-20261127T120000Z.json", false);
    await finishBackupRun(t.deps, good, {
      durationMs: 800,
      sizeBytes: 3 * 1024 * 1024,
      rows: 120,
      error: null,
      targets: [{ target: "/var/backups/vigie", ok: true, attempts: 1, error: null, durationMs: 5, kept: 4 }],
    });
    t.clock.advance(86_400_000);
    const bad = await startBackupRun(t.deps, "vigie-backup-20261128T120000Z.json", false);
    await finishBackupRun(t.deps, bad, {
      durationMs: 900,
      sizeBytes: 2048,
      rows: 121,
      error: null,
      targets: [
        { target: "/var/backups/vigie", ok: true, attempts: 1, error: null, durationMs: 5, kept: 5 },
        {
          target: "rclone:b2:<acme>",
          ok: false,
          attempts: 3,
          error: "quota exceeded",
          durationMs: 9,
          kept: null,
        },
      ],
    });
    const res = await (await t.signedIn("viewer")).get("/admin");
    const text = card(res.text, "Last backup");
    expect(text).toMatch(/failed started .* · 2 KiB/);
    expect(text).toContain("vigie-backup-20261128T120000Z.json");
    expect(text).toContain("/var/backups/vigie: written (5 kept)");
    expect(text).toContain("rclone:b2:&lt;acme&gt;: failed (quota exceeded)");
    expect(text).toContain("The last good backup is from");
    expect(res.text).not.toContain("<acme>");
  });
});
