import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createApp } from "../../../api/http/app.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { auditLog, deliveries, outboxEvents } from "../../../db/schema/index.ts";
import { createTestApp, testPublicUrl } from "../../helpers/harness.ts";
import { runCliCapturing } from "../../helpers/run-cli.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";
import { startUpstreamServer, type UpstreamServer } from "../../helpers/upstream-server.ts";
import { buildRichPage } from "../domain/backup/rich-page.ts";

const fixtures = new URL("../../fixtures/statuspage-import/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures), "utf8");

let dir: string;
let databaseUrl: string;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-import-"));
  databaseUrl = `file:${join(dir, "vigie.db")}`;
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliCapturing(args, { DATABASE_URL: databaseUrl });

/** The real app over the imported database. */
async function importedPage() {
  const handle = createDb({ url: databaseUrl });
  await migrateDb(handle);
  cleanups.push(() => handle.close());
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger, versionTtlMs: 0 });
  const app = createApp({ deps, publicUrl: testPublicUrl });
  // biome-ignore lint/suspicious/noExplicitAny: tests read documents loosely
  const get = async (path: string): Promise<any> => (await app.request(`/api/v2/${path}`)).json();
  return { deps, get };
}

async function fixtureServer(): Promise<UpstreamServer> {
  const server = await startUpstreamServer();
  cleanups.push(() => server.close());
  for (const name of ["summary", "components", "incidents", "scheduled-maintenances"])
    server.set(`/api/v2/${name}.json`, { body: fixture(`${name}.json`) });
  return server;
}

const instant = (iso: string) => new Date(iso).getTime();

describe("vigie import-statuspage", () => {
  it("copies a Statuspage page: components and groups in order, every incident and maintenance with its updates", async () => {
    const server = await fixtureServer();
    const res = await cli(["import-statuspage", `${server.url}/api/v2/summary.json`, "--allow-private"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      /^Imported 4 components in 1 group, 4 incidents and 2 maintenances \(14 updates\) from http:\/\/127\.0\.0\.1:\d+ into .*vigie\.db\. Nobody was notified\.\n$/,
    );
    const page = await importedPage();
    const components = await page.get("components.json");
    expect(components.page).toMatchObject({ id: "kctbh9vrtdwd", name: "Acme", time_zone: "America/Denver" });
    const source = JSON.parse(fixture("components.json")).components;
    expect(components.components).toHaveLength(source.length);
    for (const [i, c] of components.components.entries()) {
      const s = source[i];
      expect(c).toMatchObject({
        id: s.id,
        name: s.name,
        status: s.status,
        position: s.position,
        description: s.description,
        showcase: s.showcase,
        start_date: s.start_date,
        group_id: s.group_id,
        group: s.group,
        only_show_if_degraded: s.only_show_if_degraded,
      });
      expect(instant(c.created_at)).toBe(instant(s.created_at));
      expect(c.created_at).toMatch(/-0[67]:00$/);
    }
    expect(components.components[1].components).toEqual(["ljk8zb0pb5kz", "zbbnvw3ftv0t"]);

    const { incidents } = await page.get("incidents.json");
    expect(
      incidents.map((i: { id: string; status: string; impact: string }) => [i.id, i.status, i.impact]),
    ).toEqual([
      ["u7y6t5r4e3w2", "investigating", "minor"],
      ["k1mlxlmdhqqp", "identified", "major"],
      ["yh4cq7r2w0x9", "resolved", "none"],
      ["z9x8c7v6b5n4", "postmortem", "critical"],
    ]);
    const open = incidents[1];
    expect(instant(open.created_at)).toBe(instant("2026-11-20T10:55:00.000-07:00"));
    expect(open.components.map((c: { id: string }) => c.id)).toEqual(["b13yz5g2cw10", "ljk8zb0pb5kz"]);
    expect(open.incident_updates.map((u: { id: string; body: string }) => [u.id, u.body])).toEqual([
      ["t8wq1b9m4cxs", "We found a faulty storage node."],
      ["r2m0dfc8yk1n", "We are investigating elevated error rates."],
    ]);
    expect(open.incident_updates[0].affected_components).toEqual([
      {
        code: "b13yz5g2cw10",
        name: "API Requests",
        old_status: "degraded_performance",
        new_status: "partial_outage",
      },
      {
        code: "ljk8zb0pb5kz",
        name: "Infrastructure - Storage",
        old_status: "degraded_performance",
        new_status: "degraded_performance",
      },
    ]);
    // A placeholder and a component the page no longer lists are left out; the backdated display time stays.
    expect(incidents[2].incident_updates[0].affected_components).toBeNull();
    expect(instant(incidents[2].resolved_at)).toBe(instant("2026-11-02T09:30:00.000-07:00"));
    expect(
      incidents[3].incident_updates.map((u: { affected_components: unknown }) => u.affected_components),
    ).toEqual([null, null, null]);
    expect(instant(incidents[3].incident_updates[2].display_at)).toBe(
      instant("2026-10-15T02:58:00.000-07:00"),
    );

    const { scheduled_maintenances: maintenances } = await page.get("scheduled-maintenances.json");
    expect(
      maintenances.map((m: { id: string; status: string; impact: string }) => [m.id, m.status, m.impact]),
    ).toEqual([
      ["w3e4r5t6y7u8", "scheduled", "maintenance"],
      ["d4f5g6h7j8k9", "completed", "maintenance"],
    ]);
    expect(instant(maintenances[0].scheduled_for)).toBe(instant("2026-12-10T02:00:00.000-07:00"));
    expect(maintenances[1]).toMatchObject({
      scheduled_remind_prior: false,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: false,
    });
    expect(maintenances[1].incident_updates.map((u: { status: string }) => u.status)).toEqual([
      "completed",
      "verifying",
      "in_progress",
      "scheduled",
    ]);

    // Nobody hears of it; the page is rebuilt; the audit log says who imported what.
    expect(await page.deps.db.select().from(deliveries)).toEqual([]);
    expect((await page.deps.db.select().from(outboxEvents)).map((e) => e.type)).toEqual(["settings.updated"]);
    const [audit] = await page.deps.db.select().from(auditLog);
    expect(audit).toMatchObject({ actor: "cli", action: "page.import_statuspage" });

    const again = await cli(["import-statuspage", server.url, "--allow-private"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /this page already has 5 components and 6 incidents or maintenances; import-statuspage only fills an empty page/,
    );
  });

  it("copies a page served by Vigie itself: the public documents come out the same", async () => {
    const source = await createTestApp();
    cleanups.push(() => source.close());
    await buildRichPage(source);
    const served: Served = await serveApp(source.app);
    cleanups.push(() => served.close());
    const res = await cli(["import-statuspage", served.url, "--allow-private"]);
    expect(res.code, res.stderr).toBe(0);
    const page = await importedPage();
    for (const path of ["components.json", "incidents.json", "scheduled-maintenances.json", "summary.json"]) {
      const original = await source.json("GET", `/api/v2/${path}`, { token: null }).then((r) => r.body);
      const copy = await page.get(path);
      expect(copy.page.updated_at).toBeDefined();
      delete original.page.updated_at;
      delete copy.page.updated_at;
      expect(copy, path).toEqual(original);
    }
  });

  it("refuses loopback and private addresses unless --allow-private is given", async () => {
    const server = await fixtureServer();
    const res = await cli(["import-statuspage", server.url]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /\nvigie: cannot fetch http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json: Refused: .*loopback.*Add --allow-private/,
    );
    expect(server.requests).toEqual([]);
    expect((await (await importedPage()).get("components.json")).components).toEqual([]);
  });

  it("says clearly when the URL is not a Statuspage page", async () => {
    const server = await startUpstreamServer();
    cleanups.push(() => server.close());
    const run = () => cli(["import-statuspage", server.url, "--allow-private"]);
    expect((await run()).stderr).toMatch(
      /answered 404 Not Found: http:\/\/127\.0\.0\.1:\d+ does not look like a Statuspage page/,
    );
    server.set("/api/v2/summary.json", { body: "<html>Welcome</html>", contentType: "text/html" });
    expect((await run()).stderr).toMatch(
      /did not answer JSON \(text\/html\): .* does not look like a Statuspage page/,
    );
    server.set("/api/v2/summary.json", { body: '{"status":"ok"}' });
    expect((await run()).stderr).toMatch(
      /summary\.json is not a Statuspage v2 document: page: .*Give the base URL/,
    );
    server.set("/api/v2/summary.json", { body: fixture("summary.json") });
    server.set("/api/v2/components.json", { status: 503, body: "busy" });
    const busy = await run();
    expect(busy).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/components\.json answered HTTP 503; try again later/),
    });
    const components = JSON.parse(fixture("components.json"));
    components.components[2].status = "on_fire";
    server.set("/api/v2/components.json", { body: JSON.stringify(components) });
    for (const name of ["incidents", "scheduled-maintenances"])
      server.set(`/api/v2/${name}.json`, { body: fixture(`${name}.json`) });
    expect((await run()).stderr).toMatch(
      /components\[2\]\.status: "on_fire" is not a component status \(expected one of operational, /,
    );
    const incidents = JSON.parse(fixture("incidents.json"));
    incidents.incidents[1].incident_updates[0].created_at = "2026-11-02T09:30:00";
    server.set("/api/v2/components.json", { body: fixture("components.json") });
    server.set("/api/v2/incidents.json", { body: JSON.stringify(incidents) });
    expect((await run()).stderr).toMatch(
      /incidents\.json incidents\[1\]\.incident_updates\[0\]\.created_at: "2026-11-02T09:30:00" is not an ISO 8601 date-time with an offset/,
    );
    expect((await (await importedPage()).get("components.json")).components).toEqual([]);
    expect(await cli(["import-statuspage"])).toMatchObject({ code: 2 });
    expect(await cli(["import-statuspage", "status.example.com"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("is not a URL"),
    });
  });
});
