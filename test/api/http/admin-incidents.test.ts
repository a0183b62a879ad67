import { describe, expect, it } from "vitest";
import { postComponent, testAppForEachTest } from "../../helpers/harness.ts";

const t = testAppForEachTest();

const component = (name: string) => postComponent(t, name);

describe("POST /api/admin/incidents", () => {
  it("opens an incident, sets its components and derives its impact", async () => {
    const api = await component("API");
    const res = await t.json("POST", "/api/admin/incidents", {
      body: {
        name: "API errors",
        status: "investigating",
        body: "Looking into it",
        components: { [api]: "partial_outage" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "API errors", status: "investigating", impact: "major" });
    expect(res.body.incident_updates[0].affected_components).toEqual([
      { code: api, name: "API", old_status: "operational", new_status: "partial_outage" },
    ]);
    const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
    expect(summary.body.components.find((c: { id: string }) => c.id === api).status).toBe("partial_outage");
    expect(summary.body.incidents).toHaveLength(1);
    expect(summary.body.status).toEqual({ indicator: "major", description: "Partial System Outage" });
  });

  it("resolves and puts the components back to operational", async () => {
    const api = await component("API");
    const created = await t.json("POST", "/api/admin/incidents", {
      body: { name: "API errors", body: "Looking into it", components: { [api]: "major_outage" } },
    });
    t.clock.advance(60_000);
    const resolved = await t.json("POST", `/api/admin/incidents/${created.body.id}/resolve`, { body: {} });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe("resolved");
    expect(resolved.body.resolved_at).toBe("2026-11-27T12:01:00.000Z");
    expect(resolved.body.impact).toBe("critical");
    const components = await t.json("GET", "/api/v2/components.json", { token: null });
    expect(components.body.components[0].status).toBe("operational");
  });

  it("refuses an unknown component id with a 422 naming it", async () => {
    const res = await t.json("POST", "/api/admin/incidents", {
      body: { name: "x", body: "y", components: { cmp_nope: "major_outage" } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("cmp_nope");
  });

  it("refuses a viewer token with 403 and no token with 401", async () => {
    const body = { name: "x", body: "y" };
    expect((await t.json("POST", "/api/admin/incidents", { body, token: t.tokens.viewer })).status).toBe(403);
    expect((await t.json("POST", "/api/admin/incidents", { body, token: null })).status).toBe(401);
  });
});
