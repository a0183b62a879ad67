import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

/** A backfill records the past: input that says two things at once is refused, not half applied. */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ now: new Date("2026-11-27T12:00:00Z") });
});
afterEach(() => t.close());

async function componentStatus(id: string) {
  const summary = await t.json("GET", "/api/v2/summary.json", { token: null });
  return summary.body.components.find((c: { id: string }) => c.id === id).status as string;
}

describe("POST /api/admin/incidents with backfilled_at", () => {
  it("refuses resolved_at with a status other than resolved, saying what to fix, and changes nothing", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id as string;
    for (const status of ["investigating", "identified", "monitoring"]) {
      const res = await t.json("POST", "/api/admin/incidents", {
        body: {
          name: "Past outage",
          body: "It happened",
          status,
          components: { [api]: "major_outage" },
          backfilled_at: "2026-11-20T10:00:00Z",
          resolved_at: "2026-11-20T11:00:00Z",
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.message).toBe(
        `resolved_at says the incident is over but status is "${status}": send status "resolved" (or leave it out), or remove resolved_at to record an incident still open.`,
      );
    }
    expect((await t.json("GET", "/api/admin/incidents")).body.incidents).toEqual([]);
    expect(await componentStatus(api)).toBe("operational");
  });

  it("honours resolved_at with status resolved or no status, leaving live components alone", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id as string;
    for (const status of ["resolved", undefined]) {
      const res = await t.json("POST", "/api/admin/incidents", {
        body: {
          name: "Past outage",
          body: "It happened",
          ...(status ? { status } : {}),
          components: { [api]: "major_outage" },
          backfilled_at: "2026-11-20T10:00:00Z",
          resolved_at: "2026-11-20T11:00:00Z",
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.status).toBe("resolved");
      expect(Date.parse(res.body.resolved_at)).toBe(Date.parse("2026-11-20T11:00:00Z"));
    }
    expect(await componentStatus(api)).toBe("operational");
  });
});
