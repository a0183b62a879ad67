import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { testAppForEachTest } from "../../helpers/harness.ts";
import * as rig from "./statuspage-rig.ts";

/**
 * The exact JSON of the Statuspage v2 public API (reference: statuspage-api-and-feeds.md §1): field names and types, null versus absent, order.
 */

const { minute, now, get, admin, component, group, openIncident, postUpdate, schedule, moveMaintenance } =
  rig;
const { pageKeys, componentKeys, incidentKeys, updateKeys, sorted } = rig;
type Json = rig.Json;

const t = testAppForEachTest({ now });
rig.useApp(t);

describe("document shapes", () => {
  it("gives each endpoint exactly Statuspage's top-level keys", async () => {
    const documents: Record<string, string[]> = {
      "summary.json": ["page", "components", "incidents", "scheduled_maintenances", "status"],
      "status.json": ["page", "status"],
      "components.json": ["page", "components"],
      "incidents.json": ["page", "incidents"],
      "incidents/unresolved.json": ["page", "incidents"],
      "scheduled-maintenances.json": ["page", "scheduled_maintenances"],
      "scheduled-maintenances/upcoming.json": ["page", "scheduled_maintenances"],
      "scheduled-maintenances/active.json": ["page", "scheduled_maintenances"],
    };
    await seedDemo(t.deps);
    for (const [path, keys] of Object.entries(documents)) {
      const doc = await get(`/api/v2/${path}`);
      expect(sorted(Object.keys(doc)), path).toEqual(sorted(keys));
      expect(Object.keys(doc.page), path).toEqual(pageKeys);
      for (const list of ["components", "incidents", "scheduled_maintenances"]) {
        if (list in doc) expect(Array.isArray(doc[list]), `${path} ${list}`).toBe(true);
      }
    }
  });

  it("describes the page: id, name, canonical url without trailing slash, zone, last change", async () => {
    const before = await get("/api/v2/status.json");
    expect(before.page).toEqual({
      id: expect.stringMatching(/^page_\w+$/),
      name: "Status",
      url: "http://status.test",
      time_zone: "Etc/UTC",
      updated_at: "2026-11-27T12:00:00.000Z",
    });
    t.clock.advance(5 * minute);
    await admin("PATCH", "/api/admin/settings", { name: "Acme Cloud", url: "https://status.acme.example/" });
    const after = await get("/api/v2/status.json");
    expect(after.page).toEqual({
      id: before.page.id,
      name: "Acme Cloud",
      url: "https://status.acme.example",
      time_zone: "Etc/UTC",
      updated_at: "2026-11-27T12:05:00.000Z",
    });
  });

  it("lists components flat: groups as rows with `components`, children after them, in position order", async () => {
    const standalone = await component("Documentation");
    const db = await component("Database", { description: "Primary cluster", start_date: "2026-01-31" });
    const api = await component("API", { showcase: false, only_show_if_degraded: true });
    t.clock.advance(minute);
    const core = await group("Core", [api, db]);
    const { components, page } = await get("/api/v2/components.json");
    expect(components.map((c: Json) => c.id)).toEqual([standalone, core, api, db]);

    const [docs, coreRow, apiRow, dbRow] = components;
    for (const row of [docs, apiRow, dbRow]) {
      expect(Object.keys(row)).toEqual(componentKeys);
      expect(row).not.toHaveProperty("components");
    }
    expect(Object.keys(coreRow)).toEqual([...componentKeys, "components"]);
    expect(docs).toEqual({
      id: standalone,
      name: "Documentation",
      status: "operational",
      created_at: "2026-11-27T12:00:00.000Z",
      updated_at: "2026-11-27T12:00:00.000Z",
      position: 0,
      description: null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: page.id,
      group: false,
      only_show_if_degraded: false,
    });
    expect(coreRow).toMatchObject({
      name: "Core",
      group: true,
      group_id: null,
      components: [api, db],
      start_date: null,
    });
    expect(coreRow.position).toBeGreaterThan(docs.position);
    // Positions count within the group, so they repeat across levels.
    expect(apiRow).toMatchObject({
      group_id: core,
      position: 0,
      showcase: false,
      only_show_if_degraded: true,
    });
    expect(dbRow).toMatchObject({
      group_id: core,
      position: 1,
      description: "Primary cluster",
      start_date: "2026-01-31",
    });
  });

  it("rolls a group's status and updated_at up from its children", async () => {
    const a = await component("A");
    const b = await component("B");
    const g = await group("G", [a, b]);
    t.clock.advance(10 * minute);
    await admin("PATCH", `/api/admin/components/${b}`, { status: "major_outage" });
    await admin("PATCH", `/api/admin/components/${a}`, { status: "degraded_performance" });
    const { components } = await get("/api/v2/components.json");
    const row = components.find((c: Json) => c.id === g);
    expect(row.status).toBe("major_outage");
    expect(row.updated_at).toBe("2026-11-27T12:10:00.000Z");
  });

  it("shapes incidents and updates; monitoring_at and resolved_at stay null until set", async () => {
    const api = await component("API");
    const id = await openIncident(
      "API errors",
      { [api]: "partial_outage" },
      { deliver_notifications: false },
    );
    let [incident] = (await get("/api/v2/incidents.json")).incidents;
    const { page, components } = await get("/api/v2/components.json");
    expect(Object.keys(incident)).toEqual(incidentKeys);
    expect(incident).toEqual({
      id,
      name: "API errors",
      status: "investigating",
      created_at: "2026-11-27T12:00:00.000Z",
      updated_at: "2026-11-27T12:00:00.000Z",
      monitoring_at: null,
      resolved_at: null,
      impact: "major",
      shortlink: `http://status.test/incidents/${id}`,
      started_at: "2026-11-27T12:00:00.000Z",
      page_id: page.id,
      incident_updates: [expect.any(Object)],
      components,
      reminder_intervals: null,
    });
    const [first] = incident.incident_updates;
    expect(Object.keys(first)).toEqual(updateKeys);
    expect(first).toEqual({
      id: expect.stringMatching(/^upd_/),
      status: "investigating",
      body: "API errors: investigating",
      incident_id: id,
      created_at: "2026-11-27T12:00:00.000Z",
      updated_at: "2026-11-27T12:00:00.000Z",
      display_at: "2026-11-27T12:00:00.000Z",
      affected_components: [
        { code: api, name: "API", old_status: "operational", new_status: "partial_outage" },
      ],
      deliver_notifications: false,
      custom_tweet: null,
      tweet_id: null,
    });

    t.clock.advance(10 * minute);
    await postUpdate(id, { status: "identified", body: "Found it." });
    [incident] = (await get("/api/v2/incidents.json")).incidents;
    expect(incident).toMatchObject({ status: "identified", monitoring_at: null, resolved_at: null });
    expect(incident.updated_at).toBe("2026-11-27T12:10:00.000Z");

    t.clock.advance(10 * minute);
    await postUpdate(id, { status: "monitoring", body: "Fix deployed." });
    [incident] = (await get("/api/v2/incidents.json")).incidents;
    expect(incident).toMatchObject({ monitoring_at: "2026-11-27T12:20:00.000Z", resolved_at: null });

    t.clock.advance(10 * minute);
    await admin("POST", `/api/admin/incidents/${id}/resolve`);
    [incident] = (await get("/api/v2/incidents.json")).incidents;
    expect(incident).toMatchObject({
      status: "resolved",
      monitoring_at: "2026-11-27T12:20:00.000Z",
      resolved_at: "2026-11-27T12:30:00.000Z",
      updated_at: "2026-11-27T12:30:00.000Z",
      impact: "major",
    });
    expect(incident.incident_updates[0].affected_components).toEqual([
      { code: api, name: "API", old_status: "partial_outage", new_status: "operational" },
    ]);
    // The incident keeps listing the component it affected, now operational again.
    expect(incident.components.map((c: Json) => [c.id, c.status])).toEqual([[api, "operational"]]);
  });

  it("sets affected_components to null on an update that changed nothing and names children `Group - Child`", async () => {
    const checkout = await component("Checkout");
    const docs = await component("Docs");
    await group("Payments", [checkout]);
    const id = await openIncident("Payments down", {
      [checkout]: "major_outage",
      [docs]: "degraded_performance",
    });
    t.clock.advance(minute);
    await postUpdate(id, { status: "identified", body: "Provider outage." });
    const [incident] = (await get("/api/v2/incidents/unresolved.json")).incidents;
    const [latest, opening] = incident.incident_updates;
    expect(latest.status).toBe("identified");
    expect(latest.affected_components).toBeNull();
    // Docs stays at the top level before the Payments group, so it comes first.
    expect(opening.affected_components).toEqual([
      { code: docs, name: "Docs", old_status: "operational", new_status: "degraded_performance" },
      { code: checkout, name: "Payments - Checkout", old_status: "operational", new_status: "major_outage" },
    ]);
    // `components` holds the full rows of the affected components, as components.json shows them.
    const { components } = await get("/api/v2/components.json");
    expect(incident.components).toEqual(components.filter((c: Json) => c.id === checkout || c.id === docs));
    expect(incident.impact).toBe("critical");
  });

  it("lists affected components in page order, whatever their ids", async () => {
    const ids = [];
    for (const name of ["A", "B", "C", "D", "E", "F"]) ids.push(await component(name));
    await openIncident("Everything", Object.fromEntries(ids.map((id) => [id, "partial_outage"])));
    const [incident] = (await get("/api/v2/incidents.json")).incidents;
    const codes = incident.incident_updates[0].affected_components.map((a: Json) => a.code);
    expect(codes).toEqual(ids);
    expect(incident.components.map((c: Json) => c.id)).toEqual(ids);
  });

  it("lists updates newest first by display time, a backdated update in its place", async () => {
    const id = await openIncident("Slow pages");
    t.clock.advance(10 * minute);
    await postUpdate(id, { status: "identified", body: "second" });
    t.clock.advance(10 * minute);
    await postUpdate(id, { status: "monitoring", body: "fourth" });
    t.clock.advance(10 * minute);
    await postUpdate(id, { status: "monitoring", body: "third", display_at: "2026-11-27T12:15:00Z" });
    const [incident] = (await get("/api/v2/incidents.json")).incidents;
    expect(incident.incident_updates.map((u: Json) => [u.body, u.display_at])).toEqual([
      ["fourth", "2026-11-27T12:20:00.000Z"],
      ["third", "2026-11-27T12:15:00.000Z"],
      ["second", "2026-11-27T12:10:00.000Z"],
      ["Slow pages: investigating", "2026-11-27T12:00:00.000Z"],
    ]);
    // A backdated update still says when it was written.
    expect(incident.incident_updates[1].created_at).toBe("2026-11-27T12:30:00.000Z");
  });

  it("shapes maintenances as incidents plus their window", async () => {
    const db = await component("Database");
    const id = await schedule("DB upgrade", [db]);
    let [m] = (await get("/api/v2/scheduled-maintenances.json")).scheduled_maintenances;
    expect(Object.keys(m)).toEqual([
      ...incidentKeys,
      "scheduled_for",
      "scheduled_until",
      "scheduled_remind_prior",
      "scheduled_reminded_at",
      "scheduled_auto_in_progress",
      "scheduled_auto_completed",
    ]);
    expect(m).toMatchObject({
      id,
      status: "scheduled",
      impact: "maintenance",
      scheduled_for: "2026-11-27T13:00:00.000Z",
      scheduled_until: "2026-11-27T14:00:00.000Z",
      started_at: "2026-11-27T13:00:00.000Z",
      monitoring_at: null,
      resolved_at: null,
      scheduled_remind_prior: true,
      scheduled_reminded_at: null,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
    });
    expect(m.incident_updates.map((u: Json) => [u.status, u.affected_components])).toEqual([
      ["scheduled", null],
    ]);
    expect(m.components.map((c: Json) => [c.id, c.status])).toEqual([[db, "operational"]]);

    t.clock.advance(5 * minute);
    await moveMaintenance(id, "in_progress");
    [m] = (await get("/api/v2/scheduled-maintenances.json")).scheduled_maintenances;
    expect(m).toMatchObject({
      status: "in_progress",
      started_at: "2026-11-27T12:05:00.000Z",
      resolved_at: null,
    });
    expect(m.incident_updates[0].affected_components).toEqual([
      { code: db, name: "Database", old_status: "operational", new_status: "under_maintenance" },
    ]);

    t.clock.advance(5 * minute);
    await moveMaintenance(id, "completed");
    [m] = (await get("/api/v2/scheduled-maintenances.json")).scheduled_maintenances;
    expect(m).toMatchObject({ status: "completed", resolved_at: "2026-11-27T12:10:00.000Z" });
    expect(m.incident_updates.map((u: Json) => u.status)).toEqual(["completed", "in_progress", "scheduled"]);
    expect(m.components.map((c: Json) => c.status)).toEqual(["operational"]);
  });
});
