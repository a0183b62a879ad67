import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";
import * as rig from "./statuspage-rig.ts";

/**
 * The exact JSON of the Statuspage v2 public API (reference: statuspage-api-and-feeds.md §1): time offsets, what each document lists, the status indicator, and locales (HTTP behaviour: statuspage-http.test.ts).
 */

const { minute, now, get, admin, component, group, openIncident, postUpdate, schedule, moveMaintenance } =
  rig;
type Json = rig.Json;

const t = testAppForEachTest({ now });
rig.useApp(t);

describe("time offsets follow the page's time zone", () => {
  async function snapshot() {
    const { page, components, incidents } = await get("/api/v2/summary.json");
    return {
      updated: page.updated_at,
      summer: components[0].created_at,
      startDate: components[0].start_date,
      incident: incidents[0].created_at,
    };
  }

  it("writes `Z` on Etc/UTC, `+01:00`/`+02:00` in Paris and `-07:00`/`-06:00` in Denver", async () => {
    t.clock.set(new Date("2026-07-14T09:30:00.250Z"));
    await component("API", { start_date: "2026-07-14" });
    t.clock.set(now);
    await openIncident("Outage");

    expect(await snapshot()).toEqual({
      updated: "2026-11-27T12:00:00.000Z",
      summer: "2026-07-14T09:30:00.250Z",
      startDate: "2026-07-14",
      incident: "2026-11-27T12:00:00.000Z",
    });

    await admin("PATCH", "/api/admin/settings", { time_zone: "Europe/Paris" });
    expect(await snapshot()).toEqual({
      updated: "2026-11-27T13:00:00.000+01:00",
      summer: "2026-07-14T11:30:00.250+02:00",
      startDate: "2026-07-14",
      incident: "2026-11-27T13:00:00.000+01:00",
    });

    await admin("PATCH", "/api/admin/settings", { time_zone: "America/Denver" });
    const denver = await snapshot();
    expect(denver).toEqual({
      updated: "2026-11-27T05:00:00.000-07:00",
      summer: "2026-07-14T03:30:00.250-06:00",
      startDate: "2026-07-14",
      incident: "2026-11-27T05:00:00.000-07:00",
    });
    expect((await get("/api/v2/status.json")).page.time_zone).toBe("America/Denver");
    // Same instants whatever the zone.
    expect(Date.parse(denver.summer)).toBe(Date.parse("2026-07-14T09:30:00.250Z"));
  });

  it("rolls the local date over at local midnight", async () => {
    t.clock.set(new Date("2026-11-27T23:30:00Z"));
    await admin("PATCH", "/api/admin/settings", { time_zone: "Europe/Paris" });
    expect((await get("/api/v2/status.json")).page.updated_at).toBe("2026-11-28T00:30:00.000+01:00");
    await admin("PATCH", "/api/admin/settings", { time_zone: "America/Denver" });
    expect((await get("/api/v2/status.json")).page.updated_at).toBe("2026-11-27T16:30:00.000-07:00");
  });
});

describe("which incidents and maintenances each document lists", () => {
  it("keeps resolved and postmortem incidents out of summary and unresolved.json", async () => {
    const ids: Record<string, string> = {};
    for (const name of ["resolved", "postmortem", "investigating", "monitoring"]) {
      t.clock.advance(minute);
      ids[name] = await openIncident(name);
    }
    t.clock.advance(minute);
    await postUpdate(ids.monitoring!, { status: "monitoring", body: "Watching." });
    for (const name of ["resolved", "postmortem"]) {
      await admin("POST", `/api/admin/incidents/${ids[name]}/resolve`);
    }
    await admin("PUT", `/api/admin/incidents/${ids.postmortem}/postmortem`, { body: "What happened." });

    const names = (doc: Json) => doc.incidents.map((i: Json) => [i.name, i.status]);
    const unresolved = [
      ["monitoring", "monitoring"],
      ["investigating", "investigating"],
    ];
    expect(names(await get("/api/v2/summary.json"))).toEqual(unresolved);
    expect(names(await get("/api/v2/incidents/unresolved.json"))).toEqual(unresolved);
    expect(names(await get("/api/v2/incidents.json"))).toEqual([
      ...unresolved,
      ["postmortem", "postmortem"],
      ["resolved", "resolved"],
    ]);
  });

  it("puts upcoming and running maintenances in summary, and filters upcoming and active", async () => {
    const later = await schedule("later", [], 48 * 60 * minute, 50 * 60 * minute);
    const soon = await schedule("soon", [], 60 * minute, 120 * minute);
    const running = await schedule("running", [], minute, 240 * minute);
    const verifying = await schedule("verifying", [], 2 * minute, 240 * minute);
    const completed = await schedule("completed", [], 3 * minute, 240 * minute);
    t.clock.advance(5 * minute);
    await moveMaintenance(running, "in_progress");
    await moveMaintenance(verifying, "in_progress");
    await moveMaintenance(completed, "in_progress");
    t.clock.advance(minute);
    await moveMaintenance(verifying, "verifying");
    await moveMaintenance(completed, "completed");

    const ids = (doc: Json) => doc.scheduled_maintenances.map((m: Json) => m.id);
    // Soonest window first, the way a page lists what is coming.
    expect(ids(await get("/api/v2/summary.json"))).toEqual([running, verifying, soon, later]);
    expect(ids(await get("/api/v2/scheduled-maintenances/upcoming.json"))).toEqual([soon, later]);
    expect(ids(await get("/api/v2/scheduled-maintenances/active.json"))).toEqual([running, verifying]);
    // The full list is latest window first, completed ones included.
    expect(ids(await get("/api/v2/scheduled-maintenances.json"))).toEqual([
      later,
      soon,
      completed,
      verifying,
      running,
    ]);
    // Maintenances never show up as incidents.
    expect((await get("/api/v2/incidents.json")).incidents).toEqual([]);
  });
});

describe("status indicator", () => {
  const cases: [string, string[], string, string][] = [
    ["all operational", ["operational", "operational"], "none", "All Systems Operational"],
    ["a single degraded component", ["degraded_performance"], "minor", "Partially Degraded Service"],
    ["some degraded", ["degraded_performance", "operational"], "minor", "Partially Degraded Service"],
    ["all degraded", ["degraded_performance", "degraded_performance"], "minor", "Degraded System Service"],
    ["some partial outage", ["partial_outage", "operational"], "minor", "Minor Service Outage"],
    ["all partial outage", ["partial_outage", "partial_outage"], "major", "Partial System Outage"],
    ["some major outage", ["major_outage", "degraded_performance"], "major", "Partial System Outage"],
    ["all major outage", ["major_outage", "major_outage"], "critical", "Major System Outage"],
    [
      "a component under maintenance",
      ["under_maintenance", "operational"],
      "maintenance",
      "Service Under Maintenance",
    ],
  ];
  for (const [label, statuses, indicator, description] of cases) {
    it(`reads ${indicator} for ${label}`, async () => {
      const ids = [];
      for (const [i, status] of statuses.entries()) ids.push(await component(`C${i}`, { status }));
      // Group rows are not components of their own: an operational group row must not dilute "all".
      await group("Everything", ids);
      for (const path of ["/api/v2/status.json", "/api/v2/summary.json"]) {
        expect((await get(path)).status, path).toEqual({ indicator, description });
      }
    });
  }

  it("reads maintenance while a maintenance runs, and the worst incident on a page without components", async () => {
    expect((await get("/api/v2/status.json")).status).toEqual({
      indicator: "none",
      description: "All Systems Operational",
    });
    const id = await schedule("Window", [], minute, 60 * minute);
    t.clock.advance(2 * minute);
    await moveMaintenance(id, "in_progress");
    expect((await get("/api/v2/status.json")).status.indicator).toBe("maintenance");
    await openIncident("Everything is slow", {}, { impact: "major" });
    expect((await get("/api/v2/status.json")).status).toEqual({
      indicator: "major",
      description: "Partial System Outage",
    });
  });
});

describe("?locale=fr", () => {
  it("serves French names and bodies where they exist and English elsewhere", async () => {
    await seedDemo(t.deps);
    const [openEn] = (await get("/api/v2/incidents/unresolved.json")).incidents;
    t.clock.advance(minute);
    await postUpdate(openEn.id, { status: "monitoring", body: "Payments recover." });

    const fr = await get("/api/v2/summary.json?locale=fr");
    const [open] = fr.incidents;
    expect(open.name).toBe("Taux d'erreur élevé sur le paiement");
    expect(open.incident_updates.map((u: Json) => u.body)).toEqual([
      "Payments recover.",
      "Notre prestataire de paiement signale une panne dans une région ; nous redirigeons les paiements.",
      "Certains paiements par carte échouent. Nous enquêtons.",
    ]);
    expect(fr.scheduled_maintenances[0].name).toBe("Mise à jour de la base de données");
    expect(fr.scheduled_maintenances[0].incident_updates[0].body).toMatch(/^Nous mettons à jour/);
    // Component names and statuses are not translated.
    expect(fr.components.map((c: Json) => c.name)).toContain("Checkout");

    for (const path of ["/api/v2/summary.json", "/api/v2/summary.json?locale=de"]) {
      const en = await get(path);
      expect(en.incidents[0].name, path).toBe("Elevated error rates on checkout");
      expect(en.incidents[0].incident_updates[2].body, path).toBe(
        "Some card payments fail with a timeout. We are investigating.",
      );
    }
    const resolved = (await get("/api/v2/incidents.json?locale=fr")).incidents.find(
      (i: Json) => i.status === "resolved",
    );
    expect(resolved.name).toBe("Livraison des webhooks retardée");
  });
});
