import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Booted, openDatabase } from "../../api/boot.ts";
import { type Composed, compose } from "../../api/compose.ts";
import { parseConfig } from "../../api/config.ts";
import { systemClock } from "../../api/domain/clock.ts";
import { systemActor } from "../../api/domain/context.ts";
import { createDependency } from "../../api/domain/dependencies/create-dependency.ts";
import { requestCheck } from "../../api/domain/dependencies/request-check.ts";
import { listLeases } from "../../api/domain/leases/lease-store.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { scheduleMaintenance } from "../../api/domain/maintenances/schedule-maintenance.ts";
import { loadIncident } from "../../api/domain/read/load-page.ts";
import { updateSettings } from "../../api/domain/settings/update-settings.ts";
import { fixture, startUpstreamServer, type UpstreamServer } from "../helpers/upstream-server.ts";

/**
 * The server as `npm start` puts it together, in this process: a signal fired after a commit wakes
 * the worker compose.ts gave it to, long before that worker's own next look at the database.
 */

const owner = systemActor("test");
const summaryPath = "/api/v2/summary.json";
let dir: string;
let booted: Booted;
let vigie: Composed | undefined;
let upstream: UpstreamServer | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-compose-"));
  const config = parseConfig(
    {
      DATABASE_URL: `file:${join(dir, "vigie.db")}`,
      DATA_DIR: dir,
      VIGIE_DEMO: "0",
      VIGIE_PUBLISHER: "0",
      VIGIE_NOTIFIER: "0",
    },
    [],
  );
  booted = await openDatabase(config, systemClock, silentLogger, { requireWritable: true });
  vigie = await compose(config, booted);
});

afterEach(async () => {
  await vigie?.stop();
  booted.handle.close();
  await upstream?.close();
  upstream = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Long enough for a worker's first pass (which found nothing to do) to be over. */
const firstPassOver = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("compose", () => {
  it("serves the app it built", async () => {
    const response = await vigie!.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(vigie!.setup?.token).toMatch(/^[\w-]{40,}$/);
  });

  it("wakes the monitor on dependencies-due, well before its 30 s sleep ends", async () => {
    const { deps } = booted;
    upstream = await startUpstreamServer();
    upstream.set(summaryPath, { body: fixture("statuspage-summary-operational.json") });
    await updateSettings({ ctx: { deps, actor: owner }, input: { allow_private_targets: true } });
    await firstPassOver();
    const stripe = await createDependency({
      ctx: { deps, actor: owner },
      input: {
        name: "Stripe",
        source: { kind: "statuspage", base_url: upstream.url, components: ["REST API"] },
      },
    });
    // "Check now": due at once, where a new dependency's first check is spread over its interval.
    await requestCheck({ ctx: { deps, actor: owner }, input: { id: stripe.dependency.id } });
    await expect.poll(() => upstream!.count(summaryPath), { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it("wakes the maintenance scheduler on schedule-changed, well before its 15 s sleep ends", async () => {
    const { deps } = booted;
    await expect
      .poll(async () => (await listLeases(deps)).map((l) => l.name), { timeout: 5_000 })
      .toContain("scheduler");
    await firstPassOver();
    const start = Date.now() + 300;
    // The verb fires schedule-changed after commit; compose.ts makes the scheduler hear it.
    const { maintenance } = await scheduleMaintenance({
      ctx: { deps, actor: owner },
      input: {
        name: "Database upgrade",
        body: "A short window",
        scheduled_for: new Date(start).toISOString(),
        scheduled_until: new Date(start + 60_000).toISOString(),
      },
    });
    await expect
      .poll(async () => (await loadIncident(deps, "maintenance", maintenance.id)).incident.status, {
        timeout: 5_000,
      })
      .toBe("in_progress");
  });
});
