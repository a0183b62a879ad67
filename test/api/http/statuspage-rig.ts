import { expect } from "vitest";
import type { TestApp } from "../../helpers/harness.ts";

/** Shared by the Statuspage v2 shape tests: helpers that drive the admin API of the current test app. */

export const minute = 60_000;
export const now = new Date("2026-11-27T12:00:00Z");

let t: TestApp;
/** Points the helpers at the test's app (call in beforeEach). */
export function useApp(app: TestApp) {
  t = app;
}

// biome-ignore lint/suspicious/noExplicitAny: documents are read loosely and checked field by field
export type Json = any;

export async function get(path: string, headers: Record<string, string> = {}): Promise<Json> {
  const res = await t.json("GET", path, { token: null, headers });
  expect(res.status, path).toBe(200);
  return res.body;
}

export async function admin(method: string, path: string, body: unknown = {}): Promise<Json> {
  const res = await t.json(method, path, { body });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

export const component = async (name: string, extra: Record<string, unknown> = {}) =>
  (await admin("POST", "/api/admin/components", { name, ...extra })).id as string;
export const group = async (name: string, components: string[] = []) =>
  (await admin("POST", "/api/admin/component-groups", { name, components })).id as string;
export const openIncident = async (name: string, components: Record<string, string> = {}, extra = {}) =>
  (
    await admin("POST", "/api/admin/incidents", {
      name,
      body: `${name}: investigating`,
      components,
      ...extra,
    })
  ).id as string;
export const postUpdate = (id: string, body: Record<string, unknown>) =>
  admin("POST", `/api/admin/incidents/${id}/updates`, body);
export const iso = (msFromNow: number) => new Date(t.clock.now().getTime() + msFromNow).toISOString();
export const schedule = async (
  name: string,
  components: string[] = [],
  from = 60 * minute,
  until = 120 * minute,
) =>
  (
    await admin("POST", "/api/admin/maintenances", {
      name,
      body: `${name}: scheduled`,
      scheduled_for: iso(from),
      scheduled_until: iso(until),
      components,
    })
  ).id as string;
export const moveMaintenance = (id: string, status: string) =>
  admin("POST", `/api/admin/maintenances/${id}/updates`, { status, body: status });

export const pageKeys = ["id", "name", "url", "time_zone", "updated_at"];
export const componentKeys = [
  "id",
  "name",
  "status",
  "created_at",
  "updated_at",
  "position",
  "description",
  "showcase",
  "start_date",
  "group_id",
  "page_id",
  "group",
  "only_show_if_degraded",
];
export const incidentKeys = [
  "id",
  "name",
  "status",
  "created_at",
  "updated_at",
  "monitoring_at",
  "resolved_at",
  "impact",
  "shortlink",
  "started_at",
  "page_id",
  "incident_updates",
  "components",
  "reminder_intervals",
];
export const updateKeys = [
  "id",
  "status",
  "body",
  "incident_id",
  "created_at",
  "updated_at",
  "display_at",
  "affected_components",
  "deliver_notifications",
  "custom_tweet",
  "tweet_id",
];
export const sorted = (keys: string[]) => [...keys].sort();
