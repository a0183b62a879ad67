import {
  type Component,
  type Incident,
  IncidentStatus,
  type IncidentUpdate,
  MaintenanceStatus,
  type Page,
  type ScheduledMaintenance,
  type ScheduledMaintenances,
  Statuspage,
} from "statuspage.io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";

/**
 * Drives the public API over a real loopback server with the `statuspage.io` npm client, the way an
 * existing integration would, and checks every field the client's types declare. The client builds
 * `https://<page id>.statuspage.io`; `setApiUrl` points it at any origin. It must be 3.3.8: the
 * published 3.4.6 tarball holds no code (package.json, README and LICENSE only).
 */

const minute = 60_000;
const now = new Date("2026-11-27T12:00:00Z");

let t: TestApp;
let server: Served;
let client: Statuspage;
/** Paths the server was asked for, to see what the client actually requests. */
let requested: string[];

type FieldKind = "string" | "string|null" | "number" | "boolean" | "timestamp" | "timestamp|null" | "array";

/** A Paris page: every datetime carries the page's offset (+01:00 in winter, +02:00 in summer). */
const parisTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]:00$/;

function expectField(row: object, field: string, kind: FieldKind) {
  const value = (row as Record<string, unknown>)[field];
  expect(row, `missing ${field}`).toHaveProperty(field);
  const nullable = kind.endsWith("|null");
  if (nullable && value === null) return;
  switch (kind.replace("|null", "")) {
    case "timestamp":
      expect(value, field).toMatch(parisTimestamp);
      expect(Number.isNaN(Date.parse(value as string)), field).toBe(false);
      break;
    case "array":
      expect(Array.isArray(value), field).toBe(true);
      break;
    default:
      expect(typeof value, field).toBe(kind.replace("|null", ""));
      if (typeof value === "string" && !nullable) expect(value.length, field).toBeGreaterThan(0);
  }
}

// `satisfies Record<keyof …>` makes the compiler check that these lists cover every declared field.
const pageFields = {
  id: "string",
  name: "string",
  time_zone: "string",
  updated_at: "timestamp",
  url: "string",
} as const satisfies Record<keyof Page["page"], FieldKind>;

const componentFields = {
  created_at: "timestamp",
  description: "string|null",
  group: "boolean",
  group_id: "string|null",
  id: "string",
  name: "string",
  only_show_if_degraded: "boolean",
  page_id: "string",
  position: "number",
  showcase: "boolean",
  start_date: "string|null",
  status: "string",
  updated_at: "timestamp",
} as const satisfies Record<keyof Component, FieldKind>;

const incidentFields = {
  created_at: "timestamp",
  id: "string",
  impact: "string",
  incident_updates: "array",
  monitoring_at: "timestamp|null",
  name: "string",
  page_id: "string",
  resolved_at: "timestamp|null",
  shortlink: "string",
  status: "string",
  updated_at: "timestamp",
} as const satisfies Record<keyof Incident, FieldKind>;

const maintenanceFields = {
  ...incidentFields,
  scheduled_for: "timestamp",
  scheduled_until: "timestamp",
} as const satisfies Record<keyof ScheduledMaintenance, FieldKind>;

const updateFields = {
  body: "string",
  created_at: "timestamp",
  display_at: "timestamp",
  id: "string",
  incident_id: "string",
  status: "string",
  updated_at: "timestamp",
} as const satisfies Record<keyof IncidentUpdate, FieldKind>;

function expectFields(row: object, fields: Record<string, FieldKind>) {
  for (const [field, kind] of Object.entries(fields)) expectField(row, field, kind);
}

function expectPage(doc: Page, pageId: string) {
  expectFields(doc.page, pageFields);
  expect(doc.page).toMatchObject({
    id: pageId,
    name: "Acme Cloud",
    url: testPublicUrl,
    time_zone: "Europe/Paris",
  });
}

const componentStatuses = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
];

function expectComponents(components: Component[], pageId: string) {
  const ids = new Set(components.map((c) => c.id));
  expect(ids.size).toBe(components.length);
  for (const c of components) {
    expectFields(c, componentFields);
    expect(componentStatuses).toContain(c.status);
    expect(c.page_id).toBe(pageId);
    expect(Number.isInteger(c.position) && c.position >= 0).toBe(true);
    if (c.start_date !== null) expect(c.start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const children = (c as Component & { components?: string[] }).components;
    if (c.group) {
      // A group row lists its children, which follow it and point back to it.
      expect(c.group_id).toBeNull();
      expect(children?.length).toBeGreaterThan(0);
      for (const id of children ?? []) {
        expect(components.find((k) => k.id === id)?.group_id).toBe(c.id);
      }
    } else {
      expect(children).toBeUndefined();
      if (c.group_id !== null) expect(components.find((g) => g.id === c.group_id)?.group).toBe(true);
    }
  }
}

function expectUpdates(incident: Incident | ScheduledMaintenance, statuses: readonly string[]) {
  expect(incident.incident_updates.length).toBeGreaterThan(0);
  for (const u of incident.incident_updates) {
    expectFields(u, updateFields);
    expect(u.incident_id).toBe(incident.id);
    expect(statuses).toContain(u.status);
  }
  // Newest first.
  const shown = incident.incident_updates.map((u) => Date.parse(u.display_at));
  expect(shown).toEqual([...shown].sort((a, b) => b - a));
  // The status is the one the latest update set; a published postmortem adds no update.
  const latest = incident.incident_updates[0]?.status;
  expect(latest).toBe(incident.status === "postmortem" ? "resolved" : incident.status);
}

function expectIncident(incident: Incident, pageId: string) {
  expectFields(incident, incidentFields);
  expect(Object.values(IncidentStatus)).toContain(incident.status);
  expect(["none", "minor", "major", "critical"]).toContain(incident.impact);
  expect(incident.page_id).toBe(pageId);
  expect(incident.shortlink).toBe(`${testPublicUrl}/incidents/${incident.id}`);
  expect(Date.parse(incident.updated_at)).toBeGreaterThanOrEqual(Date.parse(incident.created_at));
  expectUpdates(incident, Object.values(IncidentStatus));
}

function expectMaintenance(m: ScheduledMaintenance, pageId: string) {
  expectFields(m, maintenanceFields);
  expect(Object.values(MaintenanceStatus)).toContain(m.status);
  expect(m.page_id).toBe(pageId);
  expect(Date.parse(m.scheduled_until)).toBeGreaterThan(Date.parse(m.scheduled_for));
  expectUpdates(m, Object.values(MaintenanceStatus));
}

async function admin(method: string, path: string, body: unknown = {}) {
  const res = await t.json(method, path, { body });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

async function componentId(name: string): Promise<string> {
  const { body } = await t.json("GET", "/api/v2/components.json", { token: null });
  const found = body.components.find((c: Component) => c.name === name);
  expect(found, name).toBeDefined();
  return found.id;
}

/** Demo page plus a postmortem'd incident, a running and a completed maintenance. */
async function seed() {
  await seedDemo(t.deps);
  const website = await componentId("Website");
  const email = await componentId("Email delivery");
  const docs = await componentId("Documentation");

  t.clock.set(new Date(now.getTime() - 50 * minute));
  const login = await admin("POST", "/api/admin/incidents", {
    name: "Login failures",
    body: "Some users cannot sign in.",
    components: { [website]: "major_outage" },
    deliver_notifications: false,
  });
  t.clock.advance(10 * minute);
  await admin("POST", `/api/admin/incidents/${login.id}/resolve`, { deliver_notifications: false });
  t.clock.advance(10 * minute);
  await admin("PUT", `/api/admin/incidents/${login.id}/postmortem`, { body: "A bad certificate." });

  t.clock.set(now);
  const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const done = await admin("POST", "/api/admin/maintenances", {
    name: "Docs host move",
    body: "Moving the docs.",
    scheduled_for: iso(minute),
    scheduled_until: iso(60 * minute),
    components: [docs],
    deliver_notifications: false,
  });
  const running = await admin("POST", "/api/admin/maintenances", {
    name: "Mail relay upgrade",
    body: "Upgrading the mail relays.",
    scheduled_for: iso(2 * minute),
    scheduled_until: iso(120 * minute),
    components: [email],
    deliver_notifications: false,
  });
  t.clock.advance(3 * minute);
  await admin("POST", `/api/admin/maintenances/${done.id}/updates`, {
    status: "in_progress",
    body: "Started.",
  });
  t.clock.advance(minute);
  await admin("POST", `/api/admin/maintenances/${done.id}/updates`, { status: "completed", body: "Done." });
  await admin("POST", `/api/admin/maintenances/${running.id}/updates`, {
    status: "in_progress",
    body: "Started.",
  });
  return { login: login.id as string, done: done.id as string, running: running.id as string, email };
}

beforeEach(async () => {
  t = await createTestApp({ now });
  requested = [];
  server = await serveApp({
    fetch: (request: Request) => {
      requested.push(new URL(request.url).pathname);
      return t.app.fetch(request);
    },
  });
  client = new Statuspage("vigietest0001");
  client.setApiUrl(server.url);
});

afterEach(async () => {
  await server.close();
  t.close();
});

async function fetchJson<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe("statuspage.io client against a live Vigie server", () => {
  it("reads the status rollup", async () => {
    await seed();
    const status = await client.api.getStatus();
    expect(requested).toEqual(["/api/v2/status.json"]);
    expect(Object.keys(status).sort()).toEqual(["page", "status"]);
    expectPage(status, status.page.id);
    expect(status.page.id).toMatch(/^page_/);
    // Checkout is in partial outage while the other components are fine or in maintenance.
    expect(status.status).toEqual({ indicator: "minor", description: "Minor Service Outage" });
  });

  it("reads components with groups as rows carrying their children", async () => {
    const { email } = await seed();
    const { page, components } = await client.api.getComponents();
    expectComponents(components, page.id);
    const groups = components.filter((c) => c.group);
    expect(groups.map((g) => g.name)).toEqual(["Platform", "Payments", "Notifications"]);
    expect(components.map((c) => c.name)).toEqual([
      "Platform",
      "Website",
      "API",
      "Dashboard",
      "Payments",
      "Checkout",
      "Billing",
      "Notifications",
      "Email delivery",
      "Webhooks",
      "Documentation",
      "Legacy FTP import",
    ]);
    const byName = new Map(components.map((c) => [c.name, c]));
    expect(byName.get("Checkout")?.status).toBe("partial_outage");
    expect(byName.get("Payments")?.status).toBe("partial_outage");
    expect(components.find((c) => c.id === email)?.status).toBe("under_maintenance");
    expect(byName.get("Notifications")?.status).toBe("under_maintenance");
    expect(byName.get("Documentation")?.status).toBe("operational");
    expect(byName.get("Documentation")).toMatchObject({ group_id: null, showcase: false });
    expect(byName.get("Legacy FTP import")?.only_show_if_degraded).toBe(true);
    expect(byName.get("Website")?.start_date).toBe("2026-08-29");
    // Created 90 days ago, in summer time.
    expect(byName.get("Website")?.created_at).toBe("2026-08-29T14:00:00.000+02:00");
  });

  it("reads the summary: components, unresolved incidents, upcoming and running maintenances", async () => {
    const { running } = await seed();
    const summary = await client.api.getSummary();
    expect(requested).toEqual(["/api/v2/summary.json"]);
    expect(Object.keys(summary).sort()).toEqual([
      "components",
      "incidents",
      "page",
      "scheduled_maintenances",
      "status",
    ]);
    const pageId = summary.page.id;
    expectPage(summary, pageId);
    // The last change was the maintenance start, four minutes after `now`.
    expect(summary.page.updated_at).toBe("2026-11-27T13:04:00.000+01:00");
    expectComponents(summary.components, pageId);
    expect(summary.components).toHaveLength(12);
    expect(summary.incidents.map((i) => i.name)).toEqual(["Elevated error rates on checkout"]);
    for (const i of summary.incidents) expectIncident(i, pageId);
    expect(summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([
      ["Mail relay upgrade", "in_progress"],
      ["Database upgrade", "scheduled"],
    ]);
    for (const m of summary.scheduled_maintenances) expectMaintenance(m, pageId);
    expect(summary.scheduled_maintenances[0]?.id).toBe(running);
    expect(summary.status.indicator).toBe("minor");
  });

  it("reads all incidents, newest first, with resolved and postmortem ones", async () => {
    const { login } = await seed();
    const { page, incidents } = await client.api.incidents.getAll();
    expect(requested).toEqual(["/api/v2/incidents.json"]);
    expectPage({ page }, page.id);
    expect(incidents.map((i) => [i.name, i.status])).toEqual([
      ["Elevated error rates on checkout", "identified"],
      ["Login failures", "postmortem"],
      ["Delayed webhook deliveries", "resolved"],
      ["Emails not sent", "resolved"],
      ["Slow API responses", "resolved"],
    ]);
    for (const i of incidents) expectIncident(i, page.id);

    const loginIncident = incidents.find((i) => i.id === login)!;
    expect(loginIncident).toMatchObject({
      impact: "critical",
      created_at: "2026-11-27T12:10:00.000+01:00",
      resolved_at: "2026-11-27T12:20:00.000+01:00",
      updated_at: "2026-11-27T12:30:00.000+01:00",
      monitoring_at: null,
    });
    expect(loginIncident.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ["resolved", "This incident has been resolved."],
      ["investigating", "Some users cannot sign in."],
    ]);

    const webhooks = incidents.find((i) => i.name === "Delayed webhook deliveries")!;
    expect(webhooks.incident_updates.map((u) => u.status)).toEqual([
      "resolved",
      "monitoring",
      "identified",
      "investigating",
    ]);
    expect(webhooks.monitoring_at).toBe("2026-11-24T11:45:00.000+01:00");
    expect(webhooks.resolved_at).toBe("2026-11-24T12:15:00.000+01:00");
    expect(webhooks.impact).toBe("minor");
  });

  it("reads only unresolved incidents", async () => {
    await seed();
    const { page, incidents } = await client.api.incidents.getUnresolved();
    expect(requested).toEqual(["/api/v2/incidents/unresolved.json"]);
    expect(incidents.map((i) => i.name)).toEqual(["Elevated error rates on checkout"]);
    for (const i of incidents) {
      expectIncident(i, page.id);
      expect(i.resolved_at).toBeNull();
      expect(i.impact).toBe("major");
    }
  });

  it("reads upcoming maintenances", async () => {
    await seed();
    const { page, scheduled_maintenances } = await client.api.scheduledMaintenances.getUpcoming();
    expect(requested).toEqual(["/api/v2/scheduled-maintenances/upcoming.json"]);
    expect(scheduled_maintenances.map((m) => m.name)).toEqual(["Database upgrade"]);
    const [m] = scheduled_maintenances;
    expectMaintenance(m!, page.id);
    expect(m).toMatchObject({
      status: "scheduled",
      scheduled_for: "2026-11-30T02:00:00.000+01:00",
      scheduled_until: "2026-11-30T04:00:00.000+01:00",
      resolved_at: null,
    });
  });

  it("serves all and active maintenances at the paths the client should use", async () => {
    const { done, running } = await seed();
    // statuspage.io 3.3.8 requests upcoming.json from getAll() and getActive() too, so those two
    // documents are read with fetch; this check says when the client starts using the right paths.
    await client.api.scheduledMaintenances.getAll();
    await client.api.scheduledMaintenances.getActive();
    expect(requested).toEqual([
      "/api/v2/scheduled-maintenances/upcoming.json",
      "/api/v2/scheduled-maintenances/upcoming.json",
    ]);

    const all = await fetchJson<ScheduledMaintenances>("/api/v2/scheduled-maintenances.json");
    expect(all.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([
      ["Database upgrade", "scheduled"],
      ["Mail relay upgrade", "in_progress"],
      ["Docs host move", "completed"],
    ]);
    for (const m of all.scheduled_maintenances) expectMaintenance(m, all.page.id);
    const completed = all.scheduled_maintenances.find((m) => m.id === done)!;
    expect(completed.resolved_at).toBe("2026-11-27T13:04:00.000+01:00");
    expect(completed.incident_updates.map((u) => u.status)).toEqual([
      "completed",
      "in_progress",
      "scheduled",
    ]);

    const active = await fetchJson<ScheduledMaintenances>("/api/v2/scheduled-maintenances/active.json");
    expect(active.scheduled_maintenances.map((m) => m.id)).toEqual([running]);
    for (const m of active.scheduled_maintenances) expectMaintenance(m, active.page.id);
    expect(active.scheduled_maintenances[0]?.resolved_at).toBeNull();
  });
});
