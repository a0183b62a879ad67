import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outboxEvents } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const counts = async () => ({
  outbox: (await t.deps.db.select().from(outboxEvents)).length,
  audit: (await t.deps.db.select().from(auditLog)).length,
});

describe("every admin mutation", () => {
  it("writes at least one outbox event and exactly one audit row", async () => {
    const ids: Record<string, string> = {};
    const future = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();
    const steps: [string, string, () => unknown, (body: { id?: string }) => void][] = [
      ["POST", "/api/admin/component-groups", () => ({ name: "G" }), (b) => (ids.group = b.id!)],
      ["POST", "/api/admin/components", () => ({ name: "A", group_id: ids.group }), (b) => (ids.a = b.id!)],
      ["POST", "/api/admin/components", () => ({ name: "B" }), (b) => (ids.b = b.id!)],
      ["PATCH", "/api/admin/components/{a}", () => ({ status: "degraded_performance" }), () => {}],
      ["PATCH", "/api/admin/component-groups/{group}", () => ({ name: "Group" }), () => {}],
      [
        "POST",
        "/api/admin/components/reorder",
        () => ({ group_id: null, order: [ids.b, ids.group] }),
        () => {},
      ],
      [
        "POST",
        "/api/admin/incidents",
        () => ({ name: "I", body: "x", components: { [ids.a!]: "major_outage" } }),
        (b) => (ids.inc = b.id!),
      ],
      ["POST", "/api/admin/incidents/{inc}/updates", () => ({ status: "identified", body: "y" }), () => {}],
      ["PATCH", "/api/admin/incidents/{inc}", () => ({ name: "Incident" }), () => {}],
      ["POST", "/api/admin/incidents/{inc}/resolve", () => ({}), () => {}],
      ["PUT", "/api/admin/incidents/{inc}/postmortem", () => ({ body: "why" }), () => {}],
      [
        "POST",
        "/api/admin/maintenances",
        () => ({
          name: "M",
          body: "z",
          scheduled_for: future(1),
          scheduled_until: future(2),
          components: [ids.b],
        }),
        (b) => (ids.mnt = b.id!),
      ],
      ["PATCH", "/api/admin/maintenances/{mnt}", () => ({ scheduled_until: future(3) }), () => {}],
      [
        "POST",
        "/api/admin/maintenances/{mnt}/updates",
        () => ({ status: "in_progress", body: "started" }),
        () => {},
      ],
      ["PATCH", "/api/admin/settings", () => ({ name: "Acme" }), () => {}],
      ["POST", "/api/admin/tokens", () => ({ name: "bot" }), () => {}],
      ["DELETE", "/api/admin/maintenances/{mnt}", () => undefined, () => {}],
      ["DELETE", "/api/admin/incidents/{inc}", () => undefined, () => {}],
      ["DELETE", "/api/admin/components/{a}", () => undefined, () => {}],
      ["DELETE", "/api/admin/component-groups/{group}", () => undefined, () => {}],
    ];
    for (const [method, template, body, keep] of steps) {
      const path = template.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]!);
      const before = await counts();
      const res = await t.json(method, path, { body: body() });
      expect(res.status, `${method} ${template}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      keep(res.body ?? {});
      const after = await counts();
      expect(after.outbox, `${method} ${template} outbox`).toBeGreaterThan(before.outbox);
      expect(after.audit, `${method} ${template} audit`).toBe(before.audit + 1);
    }
    const [last] = await t.deps.db.select().from(auditLog).orderBy(auditLog.id);
    expect(last!.actor).toMatch(/^(token:tok_|system:)/);
  });

  it("names the token that made the change in the audit log", async () => {
    await t.json("POST", "/api/admin/components", { body: { name: "A" }, token: t.tokens.editor });
    const res = await t.json("GET", "/api/admin/audit-log?limit=1", { token: t.tokens.editor });
    expect(res.status).toBe(200);
    expect(res.body.entries[0]).toMatchObject({ action: "component.create", entity_type: "component" });
    expect(res.body.entries[0].actor).toMatch(/^token:tok_/);
    expect(res.body.entries[0].after).toMatchObject({ name: "A" });
  });
});
