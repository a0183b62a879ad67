import { describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { recordPollResult } from "../../../api/domain/dependencies/record-poll-result.ts";
import { createApp } from "../../../api/http/app.ts";
import { postComponent, testAppForEachTest, testPublicUrl } from "../../helpers/harness.ts";

const t = testAppForEachTest();

const stripe = { kind: "statuspage", base_url: "https://www.stripestatus.com" };

const component = (name: string) => postComponent(t, name);

describe("POST /api/admin/dependencies", () => {
  it("creates a dependency with its impacts and shows it", async () => {
    const checkout = await component("Checkout");
    const res = await t.json("POST", "/api/admin/dependencies", {
      body: {
        name: "Stripe",
        source: stripe,
        poll_interval_seconds: 30,
        policy: "publish",
        impacts: [
          {
            component_id: checkout,
            on: "partial_outage",
            set: "degraded_performance",
            criticality: "critical",
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^dep_/),
      name: "Stripe",
      source: stripe,
      poll_interval_seconds: 30,
      policy: "publish",
      confirmations: 2,
      enabled: true,
      state: "unknown",
      upstream_incidents: [],
      last_checked_at: null,
      last_error: null,
      impacts: [
        {
          component_id: checkout,
          on: "partial_outage",
          set: "degraded_performance",
          criticality: "critical",
          alternative_group: null,
        },
      ],
    });
    const list = await t.json("GET", "/api/admin/dependencies", { token: t.tokens.viewer });
    expect(list.status).toBe(200);
    // First due at its own slot within one interval, so many added at once do not poll together.
    const due = Date.parse(res.body.next_check_at) - Date.parse("2026-11-27T12:00:00.000Z");
    expect(due).toBeGreaterThanOrEqual(0);
    expect(due).toBeLessThan(30_000);
    expect(list.body).toEqual({ dependencies: [res.body], next_cursor: null });
  });

  it("accepts a catalog_id instead of a source, and fills the name from it", async () => {
    const res = await t.json("POST", "/api/admin/dependencies", {
      body: { catalog_id: "aws/ec2/eu-west-3" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "AWS / EC2 / eu-west-3",
      source: {
        kind: "aws",
        service: "ec2",
        region: "eu-west-3",
        use_current_events: true,
        silence_hours: 24,
      },
    });
  });

  it("answers bad input with a 422 that says what to fix", async () => {
    const cases: [unknown, RegExp][] = [
      [{ name: "S", source: stripe, poll_interval_seconds: 5 }, /poll_interval_seconds: .*>=10/],
      [
        { name: "S", source: { kind: "statuspage", base_url: "ftp://x" } },
        /source.base_url: must be an http/,
      ],
      [{ name: "S", source: { kind: "carrier-pigeon" } }, /source.kind/],
      [{ name: "S", source: stripe, policy: "yolo" }, /policy: .*"draft"/],
      [{ name: "S" }, /Give a `source`/],
      [{ source: stripe }, /name: required/],
      [{ name: "S", source: stripe, catalog_id: "stripe" }, /not both/],
      [{ catalog_id: "nope/nope" }, /catalog_id: "nope\/nope" is not in the catalog/],
      [
        {
          name: "S",
          source: stripe,
          impacts: [{ component_id: "cmp_ghost", on: "major_outage", set: "major_outage" }],
        },
        /impacts.0.component_id: component "cmp_ghost" does not exist/,
      ],
      [
        {
          name: "S",
          source: stripe,
          impacts: [{ component_id: "cmp_x", on: "operational", set: "major_outage" }],
        },
        /impacts.0.on: /,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await t.json("POST", "/api/admin/dependencies", { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await t.json("GET", "/api/admin/dependencies")).body.dependencies).toEqual([]);
  });

  it("is refused to viewers (403) and to anonymous callers (401)", async () => {
    const body = { name: "S", source: stripe };
    const viewer = await t.json("POST", "/api/admin/dependencies", { body, token: t.tokens.viewer });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toMatch(/needs the editor role/);
    expect((await t.json("POST", "/api/admin/dependencies", { body, token: null })).status).toBe(401);
    expect((await t.json("GET", "/api/admin/dependencies", { token: null })).status).toBe(401);
    expect((await t.json("POST", "/api/admin/dependencies", { body, token: t.tokens.editor })).status).toBe(
      201,
    );
  });
});

describe("GET /api/admin/dependencies/:id", () => {
  it("shows state, upstream incidents, last check and error, next check, and history newest first", async () => {
    const created = (await t.json("POST", "/api/admin/dependencies", { body: { name: "S", source: stripe } }))
      .body;
    const monitor = systemActor("monitor");
    const incident = {
      id: "k1",
      title: "Payments <failing> & slow",
      url: "https://stspg.io/k1",
      state: "major_outage" as const,
    };
    const states = [
      "operational",
      "operational",
      "major_outage",
      "major_outage",
      "operational",
      "operational",
    ] as const;
    for (const state of states) {
      t.clock.advance(60_000);
      const upstreamIncidents = state === "major_outage" ? [incident] : [];
      await recordPollResult(t.deps, monitor, created.id, {
        kind: "observed",
        observation: { state, upstreamIncidents },
        validators: {},
      });
    }
    t.clock.advance(60_000);
    await recordPollResult(t.deps, monitor, created.id, {
      kind: "failed",
      error: "upstream answered 503",
      retryable: true,
      validators: {},
    });
    const res = await t.json("GET", `/api/admin/dependencies/${created.id}?history_limit=2`, {
      token: t.tokens.viewer,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: "operational",
      candidate_state: "unknown",
      candidate_count: 1,
      consecutive_failures: 1,
      last_error: "upstream answered 503",
      last_checked_at: "2026-11-27T12:07:00.000Z",
      next_check_at: "2026-11-27T12:09:00.000Z",
      last_changed_at: "2026-11-27T12:06:00.000Z",
    });
    expect(res.body.history).toEqual([
      {
        id: expect.any(String),
        observed_at: "2026-11-27T12:06:00.000Z",
        previous_state: "major_outage",
        state: "operational",
        upstream_incidents: [],
        error: null,
      },
      {
        id: expect.any(String),
        observed_at: "2026-11-27T12:04:00.000Z",
        previous_state: "operational",
        state: "major_outage",
        upstream_incidents: [incident],
        error: null,
      },
    ]);
    const older = await t.json(
      "GET",
      `/api/admin/dependencies/${created.id}?history_limit=2&history_before=${res.body.history_next_cursor}`,
    );
    expect(older.body.history.map((h: { state: string }) => h.state)).toEqual(["operational"]);
    expect(older.body.history_next_cursor).toBeNull();
  });

  it("answers an unknown id with 404 naming it", async () => {
    const res = await t.json("GET", "/api/admin/dependencies/dep_nope");
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Dependency "dep_nope" does not exist.');
  });
});

describe("PATCH, DELETE and check", () => {
  it("change, check and delete a dependency", async () => {
    const api = await component("API");
    const created = (await t.json("POST", "/api/admin/dependencies", { body: { name: "S", source: stripe } }))
      .body;
    const patched = await t.json("PATCH", `/api/admin/dependencies/${created.id}`, {
      body: {
        name: "Stripe",
        confirmations: 3,
        impacts: [{ component_id: api, on: "unknown", set: "degraded_performance" }],
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "Stripe",
      confirmations: 3,
      impacts: [{ component_id: api, on: "unknown" }],
    });
    const bad = await t.json("PATCH", `/api/admin/dependencies/${created.id}`, {
      body: { impacts: [{ component_id: "cmp_gone", on: "unknown", set: "major_outage" }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('"cmp_gone" does not exist');
    t.clock.advance(120_000);
    const check = await t.json("POST", `/api/admin/dependencies/${created.id}/check`, {
      token: t.tokens.editor,
    });
    expect(check.status).toBe(202);
    expect(check.body.next_check_at).toBe("2026-11-27T12:02:00.000Z");
    expect(
      (await t.json("POST", `/api/admin/dependencies/${created.id}/check`, { token: t.tokens.viewer }))
        .status,
    ).toBe(403);
    expect(
      (await t.request("DELETE", `/api/admin/dependencies/${created.id}`, { token: t.tokens.viewer })).status,
    ).toBe(403);
    expect((await t.request("DELETE", `/api/admin/dependencies/${created.id}`)).status).toBe(204);
    expect((await t.json("GET", `/api/admin/dependencies/${created.id}`)).status).toBe(404);
    expect((await t.json("POST", `/api/admin/dependencies/${created.id}/check`)).status).toBe(404);
  });

  it("wake the monitor when a dependency becomes due", async () => {
    let wakes = 0;
    t.deps.signals.on("dependencies-due", () => wakes++);
    const app = createApp({ deps: t.deps, publicUrl: testPublicUrl });
    const send = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { Authorization: `Bearer ${t.tokens.owner}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const res = await send("POST", "/api/admin/dependencies", { name: "S", source: stripe });
    const created = (await res.json()) as { id: string };
    expect(wakes).toBe(1);
    expect((await send("POST", `/api/admin/dependencies/${created.id}/check`)).status).toBe(202);
    expect(wakes).toBe(2);
    expect((await send("GET", `/api/admin/dependencies/${created.id}`)).status).toBe(200);
    expect(wakes).toBe(2);
  });
});
