import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, type Deps, systemActor } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createToken } from "../../api/domain/tokens/tokens.ts";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";
import { deliveries, siteBuilds } from "../../db/schema/index.ts";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend.ts";
import { seedEmailSubscribers } from "../helpers/seed-subscribers.ts";
import { spawnVigie, type VigieProcess, waitFor } from "../helpers/vigie-process.ts";

/**
 * Three servers on one database file and one data folder, as on one host. The process elected to
 * send is SIGKILLed in the middle of a fan-out, then the one elected to publish in the middle of a
 * rebuild: another takes over each job within 30 s, nobody gets an email twice, and the page
 * shows the change whose build was cut short.
 */

const subscriberCount = 400;
const takeoverLimitMs = 30_000;

let dir: string;
let handle: DbHandle;
let deps: Deps;
let resend: FakeResend;
let token: string;
const servers: VigieProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigie-failover-"));
  handle = createDb({ url: `file:${join(dir, "vigie.db")}`, busyTimeoutMs: 10_000 });
  await migrateDb(handle);
  deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  token = (
    await createToken({
      ctx: { deps, actor: systemActor("test") },
      input: { name: "failover test", role: "owner" },
    })
  ).token;
  resend = await startFakeResend({ requestsPerSecond: 20 });
});

afterAll(async () => {
  for (const server of servers) server.killHard();
  await Promise.all(servers.map((s) => s.exited));
  await resend?.close();
  handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

type LeaseView = "this process" | "another process" | "nobody";

async function leasesOf(server: VigieProcess): Promise<Record<string, LeaseView> | undefined> {
  if (!server.alive()) return undefined;
  try {
    const res = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(3_000) });
    return ((await res.json()) as { leases?: Record<string, LeaseView> }).leases;
  } catch {
    return undefined;
  }
}

/** The living server that says it holds the lease, when one does. */
async function holderOf(lease: string): Promise<VigieProcess | undefined> {
  for (const server of servers.filter((s) => s.alive()))
    if ((await leasesOf(server))?.[lease] === "this process") return server;
  return undefined;
}

/** SIGKILLs the holder, then measures how long until another living server says it holds the lease. */
async function killAndMeasureTakeover(lease: string, victim: VigieProcess): Promise<number> {
  victim.killHard();
  const killedAt = performance.now();
  await victim.exited;
  const next = await waitFor(
    `another process to take the ${lease} lease`,
    () => holderOf(lease),
    45_000,
    250,
  );
  expect(next).not.toBe(victim);
  return performance.now() - killedAt;
}

const addSubscribers = (count: number) => seedEmailSubscribers(deps, count, { at: systemClock.now() });

async function postIncident(server: VigieProcess, name: string): Promise<void> {
  const res = await fetch(`${server.base}/api/admin/incidents`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name, body: "We are investigating." }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(201);
}

const pendingDeliveries = async () =>
  (await deps.read((db) => db.select({ state: deliveries.state }).from(deliveries))).filter(
    (d) => d.state === "pending",
  ).length;

const newestBuild = async () =>
  (await deps.read((db) => db.select().from(siteBuilds).orderBy(desc(siteBuilds.id)).limit(1)))[0];

describe("three Vigie processes sharing one database", () => {
  it("survive the SIGKILL of the sender mid-fan-out and of the publisher mid-rebuild", {
    timeout: 300_000,
  }, async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, "vigie.db")}`,
      DATA_DIR: join(dir, "data"),
      PUBLIC_URL: "http://status.test",
      VIGIE_DEMO: "0",
      VIGIE_MONITOR: "0",
      RESEND_API_KEY: resend.apiKey,
      RESEND_BASE_URL: resend.url,
      RESEND_REQUESTS_PER_SECOND: "2",
      EMAIL_FROM: "Acme Status <status@acme.test>",
    };
    for (let i = 0; i < 3; i++) servers.push(await spawnVigie(env));
    await waitFor(
      "three servers answering, one page built",
      async () => {
        const views = await Promise.all(servers.map(leasesOf));
        const built = (await newestBuild())?.status === "succeeded";
        return built && views.every((v) => v !== undefined) ? views : undefined;
      },
      150_000,
      500,
    );
    // Each job has exactly one holder among the three.
    for (const lease of ["publisher", "notifier", "scheduler"]) {
      const views = await Promise.all(servers.map(leasesOf));
      expect(
        views.filter((v) => v?.[lease] === "this process"),
        lease,
      ).toHaveLength(1);
    }

    // Fan-out: the second batch call is accepted but its answer is lost, the next ones hang; the
    // sender is killed with those batches recorded nowhere but at the provider.
    await addSubscribers(subscriberCount);
    resend.setFaults({ kind: "schedule", steps: ["ok", "drop-after-accept", ...Array(20).fill("timeout")] });
    const sender = (await holderOf("notifier"))!;
    await postIncident(servers.find((s) => s !== sender)!, "Checkout is down");
    await waitFor(
      "a lost answer",
      () => resend.requests.some((r) => r.outcome === "drop-after-accept"),
      60_000,
      50,
    );
    expect(await pendingDeliveries()).toBeGreaterThan(0);
    const requestsBeforeKill = resend.requests.length;
    resend.setFaults({ kind: "none" });
    const senderTakeoverMs = await killAndMeasureTakeover("notifier", sender);
    expect(senderTakeoverMs).toBeLessThan(takeoverLimitMs);
    // The new sender adopts the dead one's batches at once, not when their 2-minute lease runs out.
    await waitFor("every delivery sent", async () => (await pendingDeliveries()) === 0, 60_000, 250);
    const received = new Map<string, number>();
    for (const email of resend.emails)
      for (const to of email.to) received.set(to, (received.get(to) ?? 0) + 1);
    expect(received.size).toBe(subscriberCount);
    expect([...received].filter(([, n]) => n !== 1)).toEqual([]);
    // The batch whose answer was lost went again under the same key, and Resend replayed it.
    expect(resend.requests.slice(requestsBeforeKill).some((r) => r.replayed)).toBe(true);

    // Rebuild: the publisher is killed while it builds the page for a new incident.
    const publisher = await waitFor("a publisher", () => holderOf("publisher"), 45_000, 250);
    const before = (await newestBuild())!.id;
    await postIncident(servers.find((s) => s.alive() && s !== publisher)!, "Payments are slow");
    const cut = await waitFor(
      "the rebuild to start",
      async () => {
        const build = await newestBuild();
        return build && build.id > before && build.status === "running" ? build : undefined;
      },
      // Behind the first build of a start (the site's compile step), on a loaded machine.
      120_000,
      25,
    );
    const publisherTakeoverMs = await killAndMeasureTakeover("publisher", publisher);
    expect(publisherTakeoverMs).toBeLessThan(takeoverLimitMs);
    const survivor = servers.find((s) => s.alive())!;
    const page = await waitFor(
      "the page with the new incident",
      async () => {
        const build = await newestBuild();
        if (build?.status !== "succeeded" || build.id <= cut.id) return undefined;
        const res = await fetch(`${survivor.base}/`, { signal: AbortSignal.timeout(5_000) });
        const html = await res.text();
        return html.includes("Payments are slow") ? html : undefined;
      },
      150_000,
      500,
    );
    expect(page).toContain("Checkout is down");
    // The build cut short is closed by the new publisher, not left running.
    const closed = (await deps.read((db) => db.select().from(siteBuilds))).find((b) => b.id === cut.id)!;
    expect(closed.status).toBe("failed");
    expect(closed.error).toMatch(/^interrupted/);
    process.stdout.write(
      `failover: sender taken over in ${Math.round(senderTakeoverMs)} ms, publisher in ${Math.round(publisherTakeoverMs)} ms\n`,
    );
  });
});
