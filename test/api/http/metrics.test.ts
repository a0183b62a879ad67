import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishBackupRun, startBackupRun } from "../../../api/domain/backup/backup-runs.ts";
import { newId } from "../../../api/domain/ids.ts";
import {
  finishBuildRecord,
  recordPublishResults,
  startBuildRecord,
} from "../../../api/domain/site/site-builds.ts";
import { deliveries, dependencies, outboxCursors } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";
import { insertSubscriber } from "../../helpers/seed-subscribers.ts";

const metricsToken = "scrape-0123456789abcdef0123";
let t: TestApp;

/** Checks an exposition with Prometheus's own linter: promtool reads it on stdin. */
function promtool(text: string) {
  const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8", timeout: 20_000 });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function scrape(token: string | null = metricsToken) {
  const res = await t.request("GET", "/metrics", { token });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

/** The value of one series, by its exact label set as Prometheus prints it. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

let readers = 0;
async function delivery(
  channel: "email" | "sms",
  state: string,
  provider: string | null,
  lastError?: string,
) {
  const at = t.clock.now();
  await t.deps.write(async (tx) => {
    const subscriberId = await insertSubscriber(tx, {
      channel,
      address:
        channel === "email"
          ? `reader${++readers}@example.com`
          : `+3361234${String(Math.random()).slice(2, 6)}`,
      confirmedAt: at,
      at,
    });
    await tx.insert(deliveries).values({
      id: newId("delivery"),
      cause: "evt_metrics",
      subscriberId,
      channel,
      kind: "incident-created",
      state: state as "pending",
      attempts: 1,
      nextAttemptAt: at,
      provider,
      lastError: lastError ?? null,
      createdAt: at,
      updatedAt: at,
    });
  });
}

beforeAll(async () => {
  t = await createTestApp({
    metrics: {
      token: metricsToken,
      minIntervalMs: 0,
      deliveryCountsIntervalMs: 0,
      processMetrics: true,
      circuits: () => [{ channel: "sms", provider: "twilio", state: "open" }],
    },
  });
  // Outbox events from real admin writes; the publisher has read none of them yet.
  const created = await t.json("POST", "/api/admin/components", { body: { name: "API" } });
  expect(created.status).toBe(201);
  await t.deps.write((tx) =>
    tx.insert(outboxCursors).values({ consumer: "site-publisher", lastSeq: 0, updatedAt: t.clock.now() }),
  );
  t.clock.advance(90_000);
  await delivery("email", "delivered", "resend");
  await delivery("email", "delivered", "resend");
  await delivery("email", "pending", "resend", "Resend answered 503");
  await delivery("sms", "failed", "twilio", "invalid number");
  await delivery("sms", "pending", null);
  const at = t.clock.now();
  await t.deps.write((tx) =>
    tx.insert(dependencies).values([
      {
        id: "dep_a",
        name: "A",
        sourceKind: "statuspage",
        source: {},
        state: "operational",
        lastCheckedAt: at,
        nextCheckAt: at,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: "dep_b",
        name: "B",
        sourceKind: "aws",
        source: {},
        state: "unknown",
        lastCheckedAt: at,
        consecutiveFailures: 3,
        nextCheckAt: at,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: "dep_c",
        name: "C",
        sourceKind: "gcp",
        source: {},
        nextCheckAt: at,
        createdAt: at,
        updatedAt: at,
      },
    ]),
  );
  const first = await startBuildRecord(t.deps, 0);
  await finishBuildRecord(t.deps, first, { ok: true, durationMs: 4200, error: null });
  const second = await startBuildRecord(t.deps, 1);
  await finishBuildRecord(t.deps, second, { ok: false, durationMs: 1500, error: "astro failed" });
  await recordPublishResults(t.deps, second, [
    { target: "/var/www/status", ok: true, attempts: 1, error: null, durationMs: 20 },
    { target: "rclone:ovh:status", ok: false, attempts: 3, error: "timeout", durationMs: 9000 },
  ]);
  const backup = await startBackupRun(t.deps, "vigie-backup-20261127T120130Z.json", false);
  await finishBackupRun(t.deps, backup, {
    durationMs: 2500,
    sizeBytes: 4096,
    rows: 10,
    error: null,
    targets: [
      { target: "/var/backups/vigie", ok: true, attempts: 1, error: null, durationMs: 3, kept: 2 },
      { target: "rclone:b2:vigie", ok: false, attempts: 3, error: "quota", durationMs: 9, kept: null },
    ],
  });
});
afterAll(() => t.close());

describe("GET /metrics", () => {
  it("is refused without a token, with a wrong one, and accepted with METRICS_TOKEN or any API token", async () => {
    const none = await scrape(null);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error.message).toMatch(/METRICS_TOKEN or an API token/);
    expect((await scrape("scrape-0123456789abcdef0124")).status).toBe(401);
    const viewer = await scrape(t.tokens.viewer);
    expect(viewer.status, viewer.text).toBe(200);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("passes promtool check metrics", async () => {
    await t.request("GET", "/api/v2/summary.json", { token: null });
    const { text } = await scrape();
    const check = promtool(text);
    expect(check.output).toBe("");
    expect(check.status).toBe(0);
    // The checker itself refuses a broken exposition, so its silence above means something.
    expect(promtool('vigie_broken{le="x" 1\n').status).not.toBe(0);
  });

  it("reads outbox lag, deliveries, provider errors, dependencies and site builds from the database", async () => {
    const { text } = await scrape();
    expect(value(text, 'vigie_outbox_lag_events{consumer="site-publisher"}')).toBeGreaterThan(0);
    expect(value(text, 'vigie_outbox_lag_seconds{consumer="site-publisher"}')).toBe(90);
    expect(value(text, 'vigie_deliveries{channel="email",provider="resend",state="delivered"}')).toBe(2);
    expect(value(text, 'vigie_deliveries{channel="sms",provider="none",state="pending"}')).toBe(1);
    expect(value(text, 'vigie_deliveries_retrying{channel="email",provider="resend"}')).toBe(1);
    expect(value(text, 'vigie_deliveries_retrying{channel="sms",provider="twilio"}')).toBeUndefined();
    expect(value(text, 'vigie_dependencies{state="operational",last_check="ok",enabled="true"}')).toBe(1);
    expect(value(text, 'vigie_dependencies{state="unknown",last_check="failed",enabled="true"}')).toBe(1);
    expect(value(text, 'vigie_dependencies{state="unknown",last_check="never",enabled="true"}')).toBe(1);
    expect(value(text, 'vigie_site_builds{status="failed"}')).toBe(1);
    expect(value(text, 'vigie_site_builds{status="succeeded"}')).toBe(1);
    expect(value(text, "vigie_site_last_build_succeeded")).toBe(0);
    expect(value(text, "vigie_site_last_build_duration_seconds")).toBe(1.5);
    expect(value(text, "vigie_site_last_success_timestamp_seconds")).toBe(t.clock.now().getTime() / 1000);
    expect(value(text, 'vigie_publish_target_up{target="rclone:ovh:status"}')).toBe(0);
    expect(value(text, 'vigie_publish_target_attempts{target="rclone:ovh:status"}')).toBe(3);
    expect(value(text, 'vigie_publish_target_up{target="/var/www/status"}')).toBe(1);
    expect(value(text, 'vigie_provider_circuit_state{channel="sms",provider="twilio",state="open"}')).toBe(1);
    expect(value(text, 'vigie_provider_circuit_state{channel="sms",provider="twilio",state="closed"}')).toBe(
      0,
    );
    expect(value(text, "vigie_backup_last_succeeded")).toBe(0);
    expect(value(text, "vigie_backup_last_duration_seconds")).toBe(2.5);
    expect(value(text, "vigie_backup_last_size_bytes")).toBe(4096);
    expect(value(text, "vigie_backup_last_success_timestamp_seconds")).toBe(0);
    expect(value(text, 'vigie_backup_target_up{target="/var/backups/vigie"}')).toBe(1);
    expect(value(text, 'vigie_backup_target_up{target="rclone:b2:vigie"}')).toBe(0);
    expect(value(text, "vigie_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("labels requests by route pattern, never by raw path", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.json("POST", "/api/admin/incidents", {
        body: { name: `Outage ${i}`, status: "investigating", body: "Looking" },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    for (const id of ids) expect((await t.request("GET", `/api/admin/incidents/${id}`)).status).toBe(200);
    for (let i = 0; i < 5; i++) await t.request("GET", `/no/such/page-${i}`, { token: null });
    const { text } = await scrape();
    expect(
      value(text, 'vigie_http_requests_total{method="GET",route="/api/admin/incidents/:id",status="200"}'),
    ).toBe(3);
    expect(value(text, 'vigie_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(5);
    expect(
      value(text, 'vigie_http_request_duration_seconds_count{method="GET",route="/api/admin/incidents/:id"}'),
    ).toBe(3);
    const route = 'method="GET",route="/api/admin/incidents/:id"';
    expect(value(text, `vigie_http_request_duration_seconds_bucket{${route},le="+Inf"}`)).toBe(3);
    const fastest = value(text, `vigie_http_request_duration_seconds_bucket{${route},le="0.001"}`)!;
    const tenSeconds = value(text, `vigie_http_request_duration_seconds_bucket{${route},le="10"}`)!;
    expect(fastest).toBeLessThanOrEqual(tenSeconds);
    expect(tenSeconds).toBe(3);
    expect(value(text, `vigie_http_request_duration_seconds_sum{${route}}`)).toBeGreaterThan(0);
    expect(text).not.toContain("page-1");
    for (const id of ids) expect(text).not.toContain(id);
    // Counted once: a second scrape reads the same figures, it does not add them again.
    const again = await scrape();
    expect(
      value(
        again.text,
        'vigie_http_requests_total{method="GET",route="/api/admin/incidents/:id",status="200"}',
      ),
    ).toBe(3);
    expect(value(again.text, `vigie_http_request_duration_seconds_count{${route}}`)).toBe(3);
  });

  it("answers 503 with a reason, not a stack, when the database does not answer", async () => {
    const broken = await createTestApp({
      storage: "file",
      metrics: { token: metricsToken, minIntervalMs: 0 },
    });
    broken.handle.client.close();
    const res = await broken.request("GET", "/metrics", { token: metricsToken });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^The database did not answer/);
    broken.close();
  });
});
