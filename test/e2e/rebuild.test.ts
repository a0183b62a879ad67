import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, systemActor } from "../../api/domain/context.ts";
import { seedDemo } from "../../api/domain/demo/seed-demo.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createToken } from "../../api/domain/tokens/tokens.ts";
import { createServerApp } from "../../api/http/server-app.ts";
import { buildSite } from "../../api/publish/build-site.ts";
import { type Publisher, startPublisher } from "../../api/publish/publisher.ts";
import { SiteFolder } from "../../api/publish/site-folder.ts";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";
import { testPublicUrl } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";

/**
 * The rebuild path end to end, assembled as api/server.ts does: a temp-file database on the real
 * clock with the demo data, the API and the current build served from one origin, and a publisher
 * running the real `astro build` against that API after each change.
 */

interface SiteBuild {
  id: number;
  status: "running" | "succeeded" | "failed";
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
}
interface SiteState {
  enabled: boolean;
  last_build: SiteBuild | null;
  last_success: SiteBuild | null;
}

const bound = { timeout: 60_000, interval: 250 };

let dir: string;
let handle: DbHandle;
let served: Served;
let publisher: Publisher | undefined;
let token: string;
/** The origin of a server that was started and closed again: nothing listens there. */
let deadUrl: string;
/** While true, builds read their data from the dead origin, so they fail as a real build does. */
let breakBuilds = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-e2e-publish-"));
  handle = createDb({ url: `file:${join(dir, "vigie.db")}` });
  await migrateDb(handle);
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  await seedDemo(deps);
  token = (
    await createToken({ ctx: { deps, actor: systemActor("test") }, input: { name: "e2e", role: "editor" } })
  ).token;

  const dead = await serveApp(new Hono());
  deadUrl = dead.url;
  await dead.close();

  const folder = new SiteFolder(join(dir, "site"));
  const app = createServerApp({
    deps,
    publicUrl: testPublicUrl,
    rebuildSite: () => publisher!.rebuildNow(),
    siteRoot: () => folder.servedRoot(),
  });
  served = await serveApp(app);
  publisher = startPublisher({
    deps,
    folder,
    apiUrl: served.url,
    liveApiUrl: "",
    debounceMs: 300,
    pollMs: 100,
    build: (options) => buildSite(breakBuilds ? { ...options, apiUrl: deadUrl } : options),
  });
}, 30_000);

afterAll(async () => {
  await publisher?.stop();
  await served?.close();
  handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const home = async () => {
  const res = await fetch(`${served.url}/`);
  return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
};

const siteState = async (): Promise<SiteState> => {
  const res = await fetch(`${served.url}/api/admin/site`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as SiteState;
};

const postIncident = async (name: string) => {
  const res = await fetch(`${served.url}/api/admin/incidents`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, body: `${name}: we are investigating.`, deliver_notifications: false }),
  });
  expect(res.status).toBe(201);
};

const firstIncident = "Search results are stale";
const secondIncident = "Login emails are delayed";
let goodBuild: SiteBuild;

// In order: each test starts from the site the previous one left.
describe("rebuild and publish", () => {
  it("builds the page at start and serves it at /", async () => {
    // Until the first build, / is the landing page, as with npm start.
    await expect.poll(async () => (await home()).html.includes("Acme Cloud"), bound).toBe(true);
    const page = await home();
    expect(page.status).toBe(200);
    expect(page.type).toBe("text/html; charset=utf-8");
    expect(page.html).toContain("Acme Cloud");
    expect(page.html).toContain("Elevated error rates on checkout");
    const state = await siteState();
    expect(state.enabled).toBe(true);
    expect(state.last_build?.status).toBe("succeeded");
  }, 70_000);

  it("rebuilds after an incident is posted, and says so in GET /api/admin/site", async () => {
    const before = (await siteState()).last_success;
    const postedAt = Date.now();
    await postIncident(firstIncident);
    await expect.poll(async () => (await home()).html.includes(firstIncident), bound).toBe(true);
    const { last_build, last_success } = await siteState();
    expect(last_build?.status).toBe("succeeded");
    expect(last_build?.id).toBeGreaterThan(before?.id ?? 0);
    expect(last_success?.id).toBe(last_build?.id);
    expect(last_build?.error).toBeNull();
    expect(last_build?.duration_ms).toBeGreaterThan(0);
    expect(Date.parse(last_build?.started_at ?? "")).toBeGreaterThanOrEqual(postedAt - 1000);
    expect(Date.parse(last_build?.finished_at ?? "")).toBeGreaterThan(
      Date.parse(last_build?.started_at ?? ""),
    );
    goodBuild = last_build as SiteBuild;
  }, 70_000);

  it("keeps serving the last good site when a build fails, and shows the failure", async () => {
    breakBuilds = true;
    await postIncident(secondIncident);
    await expect.poll(async () => (await siteState()).last_build?.status === "failed", bound).toBe(true);
    const { last_build, last_success } = await siteState();
    expect(last_build?.id).toBeGreaterThan(goodBuild.id);
    expect(last_build?.error).toContain("site build failed");
    expect(last_build?.error).toContain(`fetching ${deadUrl}/api/site.json failed`);
    expect(last_success).toEqual(goodBuild);
    const page = await home();
    expect(page.status).toBe(200);
    expect(page.html).toContain(firstIncident);
    expect(page.html).not.toContain(secondIncident);
  }, 70_000);

  it("retries the failed build and publishes once builds work again", async () => {
    breakBuilds = false;
    await expect.poll(async () => (await home()).html.includes(secondIncident), bound).toBe(true);
    const { last_build, last_success } = await siteState();
    expect(last_build?.status).toBe("succeeded");
    expect(last_success?.id).toBe(last_build?.id);
    expect(last_success?.id).toBeGreaterThan(goodBuild.id);
  }, 70_000);
});
