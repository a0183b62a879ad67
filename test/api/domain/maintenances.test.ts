import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../api/domain/clock.ts";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { createDeps, systemActor } from "../../../api/domain/context.ts";
import { createIncident } from "../../../api/domain/incidents/create-incident.ts";
import { postUpdate } from "../../../api/domain/incidents/post-update.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { advanceMaintenances } from "../../../api/domain/maintenances/advance-maintenances.ts";
import { scheduleMaintenance } from "../../../api/domain/maintenances/schedule-maintenance.ts";
import { updateMaintenance } from "../../../api/domain/maintenances/update-maintenance.ts";
import { loadComponents, loadIncident } from "../../../api/domain/read/load-page.ts";
import { startMaintenanceScheduler } from "../../../api/workers/maintenance-scheduler.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { outboxEvents } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

const execFileAsync = promisify(execFile);
let t: TestDb;
const actor = systemActor("test");
const hour = 3_600_000;

beforeEach(async () => {
  t = await createTestDb({ storage: "file" });
});
afterEach(() => t.close());

const window = (startInHours: number, lengthHours = 2) => {
  const start = new Date(t.clock.now().getTime() + startInHours * hour);
  return {
    scheduled_for: start.toISOString(),
    scheduled_until: new Date(start.getTime() + lengthHours * hour).toISOString(),
  };
};

async function scheduled(extra = {}) {
  const db = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "Database" } });
  const { maintenance } = await scheduleMaintenance({
    ctx: { deps: t.deps, actor },
    input: {
      name: "Upgrade",
      body: "We upgrade the database",
      components: [db.id],
      ...window(1),
      ...extra,
    },
  });
  return { maintenance, componentId: db.id };
}

const statusOf = async (id: string) => (await loadComponents(t.deps)).find((c) => c.id === id)!.status;

describe("scheduled maintenance", () => {
  it("is scheduled without touching its components", async () => {
    const { maintenance, componentId } = await scheduled();
    expect(maintenance).toMatchObject({
      status: "scheduled",
      impact: "maintenance",
      autoStart: true,
      autoComplete: true,
    });
    expect(await statusOf(componentId)).toBe("operational");
  });

  it("starts at scheduled_for and completes at scheduled_until", async () => {
    const { maintenance, componentId } = await scheduled();
    expect(await advanceMaintenances(t.deps)).toBe(0);
    t.clock.advance(hour);
    expect(await advanceMaintenances(t.deps)).toBe(1);
    expect((await loadIncident(t.deps, "maintenance", maintenance.id)).incident.status).toBe("in_progress");
    expect(await statusOf(componentId)).toBe("under_maintenance");
    t.clock.advance(2 * hour);
    expect(await advanceMaintenances(t.deps)).toBe(1);
    const view = await loadIncident(t.deps, "maintenance", maintenance.id);
    expect(view.incident.status).toBe("completed");
    expect(view.updates.map((u) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
    expect(await statusOf(componentId)).toBe("operational");
  });

  it("sends one reminder event when the reminder time comes", async () => {
    const { maintenance } = await scheduled({ ...window(3), remind_prior_minutes: 60 });
    const reminders = async () =>
      (await t.deps.db.select().from(outboxEvents)).filter((e) => e.type === "maintenance.reminder");
    await advanceMaintenances(t.deps);
    expect(await reminders()).toHaveLength(0);
    t.clock.advance(2 * hour);
    await advanceMaintenances(t.deps);
    await advanceMaintenances(t.deps);
    expect((await reminders()).map((e) => e.payload.maintenance_id)).toEqual([maintenance.id]);
  });

  it("leaves a maintenance alone when its automation is off", async () => {
    const { maintenance } = await scheduled({ auto_start: false });
    t.clock.advance(5 * hour);
    expect(await advanceMaintenances(t.deps)).toBe(0);
    expect((await loadIncident(t.deps, "maintenance", maintenance.id)).incident.status).toBe("scheduled");
  });

  it("does not put under maintenance a component that an open incident holds", async () => {
    const { componentId } = await scheduled();
    await createIncident({
      ctx: { deps: t.deps, actor },
      input: {
        name: "Down",
        body: "x",
        components: { [componentId]: "major_outage" },
      },
    });
    t.clock.advance(hour);
    await advanceMaintenances(t.deps);
    expect(await statusOf(componentId)).toBe("major_outage");
  });

  it("refuses a window that ends before it starts, or in the past", async () => {
    const start = t.clock.now().getTime() + hour;
    await expect(
      scheduleMaintenance({
        ctx: { deps: t.deps, actor },
        input: {
          name: "x",
          body: "y",
          scheduled_for: new Date(start).toISOString(),
          scheduled_until: new Date(start - 1000).toISOString(),
        },
      }),
    ).rejects.toThrow(/after scheduled_for/);
    await expect(
      scheduleMaintenance({ ctx: { deps: t.deps, actor }, input: { name: "x", body: "y", ...window(-5) } }),
    ).rejects.toThrow(/past/);
  });

  it("refuses to go back once completed", async () => {
    const { maintenance } = await scheduled();
    await postUpdate({
      ctx: { deps: t.deps, actor },
      input: { status: "completed", body: "Done early", kind: "maintenance", id: maintenance.id },
    });
    await expect(
      postUpdate({
        ctx: { deps: t.deps, actor },
        input: { status: "in_progress", body: "again", kind: "maintenance", id: maintenance.id },
      }),
    ).rejects.toMatchObject({ code: "invalid_transition" });
    await expect(
      updateMaintenance({ ctx: { deps: t.deps, actor }, input: { ...window(3), id: maintenance.id } }),
    ).rejects.toMatchObject({
      code: "invalid_transition",
    });
  });

  it("catches up after a restart that missed both edges of the window", async () => {
    const { maintenance, componentId } = await scheduled();
    t.clock.advance(10 * hour);
    // A new process on the same file: its scheduler runs once at start.
    const handle = createDb({ url: `file:${t.handle.location}` });
    await migrateDb(handle);
    const deps = createDeps({ handle, clock: t.clock, logger: silentLogger });
    const scheduler = startMaintenanceScheduler(deps);
    try {
      await expect
        .poll(async () => (await loadIncident(deps, "maintenance", maintenance.id)).incident.status)
        .toBe("completed");
      const view = await loadIncident(deps, "maintenance", maintenance.id);
      expect(view.updates.map((u) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
      expect(await statusOf(componentId)).toBe("operational");
    } finally {
      await scheduler.stop();
      handle.close();
    }
  });

  it("moves a maintenance at its window edges in real time", async () => {
    const deps = createDeps({ handle: t.handle, clock: systemClock, logger: silentLogger });
    const db = await createComponent({ ctx: { deps, actor }, input: { name: "Database" } });
    const start = Date.now() + 300;
    const { maintenance } = await scheduleMaintenance({
      ctx: { deps, actor },
      input: {
        name: "Quick",
        body: "Short window",
        components: [db.id],
        scheduled_for: new Date(start).toISOString(),
        scheduled_until: new Date(start + 400).toISOString(),
      },
    });
    const scheduler = startMaintenanceScheduler(deps);
    try {
      await expect
        .poll(async () => (await loadIncident(deps, "maintenance", maintenance.id)).incident.status, {
          timeout: 5000,
        })
        .toBe("completed");
      const updates = (await loadIncident(deps, "maintenance", maintenance.id)).updates;
      const started = updates.find((u) => u.status === "in_progress")!;
      expect(started.createdAt.getTime()).toBeGreaterThanOrEqual(start);
      expect(started.createdAt.getTime()).toBeLessThan(start + 1000);
    } finally {
      await scheduler.stop();
    }
  });

  it("never moves a maintenance twice when two processes race", { timeout: 60_000 }, async () => {
    const { maintenance } = await scheduled();
    t.clock.advance(hour);
    const run = () =>
      execFileAsync(process.execPath, [
        "--import",
        "tsx",
        "test/fixtures/advance-maintenances-once.ts",
        t.handle.location,
        t.clock.now().toISOString(),
      ]);
    const results = await Promise.all([run(), run(), run()]);
    expect(results.map((r) => Number(r.stdout.trim())).sort()).toEqual([0, 0, 1]);
    const view = await loadIncident(t.deps, "maintenance", maintenance.id);
    expect(view.updates.filter((u) => u.status === "in_progress")).toHaveLength(1);
  });
});
