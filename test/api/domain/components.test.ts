import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { createGroup } from "../../../api/domain/components/create-group.ts";
import { deleteComponent } from "../../../api/domain/components/delete-component.ts";
import { reorderComponents } from "../../../api/domain/components/reorder-components.ts";
import { updateComponent } from "../../../api/domain/components/update-component.ts";
import { updateGroup } from "../../../api/domain/components/update-group.ts";
import { type Actor, systemActor } from "../../../api/domain/context.ts";
import { DomainError } from "../../../api/domain/errors.ts";
import { loadComponents } from "../../../api/domain/read/load-page.ts";
import { auditLog, componentStatusHistory, outboxEvents } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let t: TestDb;
const actor = systemActor("test");
const viewer: Actor = { id: "token:viewer", role: "viewer" };

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const order = async (groupId: string | null) =>
  (await loadComponents(t.deps))
    .filter((c) => c.groupId === groupId)
    .sort((a, b) => a.position - b.position)
    .map((c) => c.name);

describe("components and groups", () => {
  it("appends new components at the end of their level and records their first status", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    const b = await createComponent({
      ctx: { deps: t.deps, actor },
      input: { name: "B", status: "degraded_performance" },
    });
    expect([a.position, b.position]).toEqual([0, 1]);
    const history = await t.deps.db
      .select()
      .from(componentStatusHistory)
      .where(eq(componentStatusHistory.componentId, b.id));
    expect(history.map((h) => h.status)).toEqual(["degraded_performance"]);
  });

  it("puts components in a group and orders each level on its own", async () => {
    const group = await createGroup({ ctx: { deps: t.deps, actor }, input: { name: "Payments" } });
    const checkout = await createComponent({
      ctx: { deps: t.deps, actor },
      input: { name: "Checkout", group_id: group.id },
    });
    const billing = await createComponent({
      ctx: { deps: t.deps, actor },
      input: { name: "Billing", group_id: group.id },
    });
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "Docs" } });
    await reorderComponents({
      ctx: { deps: t.deps, actor },
      input: { group_id: group.id, order: [billing.id, checkout.id] },
    });
    expect(await order(group.id)).toEqual(["Billing", "Checkout"]);
    expect(await order(null)).toEqual(["Payments", "Docs"]);
  });

  it("refuses a reorder that does not list exactly the level's ids", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B" } });
    await expect(
      reorderComponents({ ctx: { deps: t.deps, actor }, input: { group_id: null, order: [a.id] } }),
    ).rejects.toThrow(/missing/);
  });

  it("refuses a group_id that is a component, or unknown", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    await expect(
      createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B", group_id: a.id } }),
    ).rejects.toThrow(/not a group/);
    await expect(
      createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B", group_id: "cmp_missing" } }),
    ).rejects.toMatchObject({
      code: "invalid_reference",
    });
  });

  it("sets a group's membership to exactly the list given", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    const b = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "B" } });
    const group = await createGroup({
      ctx: { deps: t.deps, actor },
      input: { name: "G", components: [a.id] },
    });
    await updateGroup({ ctx: { deps: t.deps, actor }, input: { components: [b.id, a.id], id: group.id } });
    expect(await order(group.id)).toEqual(["B", "A"]);
    await updateGroup({ ctx: { deps: t.deps, actor }, input: { components: [b.id], id: group.id } });
    expect(await order(group.id)).toEqual(["B"]);
    expect(await order(null)).toContain("A");
  });

  it("ungroups the children of a deleted group", async () => {
    const group = await createGroup({ ctx: { deps: t.deps, actor }, input: { name: "G" } });
    const child = await createComponent({
      ctx: { deps: t.deps, actor },
      input: { name: "Child", group_id: group.id },
    });
    await deleteComponent({ ctx: { deps: t.deps, actor }, input: { id: group.id, kind: "group" } });
    const rows = await loadComponents(t.deps);
    expect(rows.map((r) => r.id)).toEqual([child.id]);
    expect(rows[0]!.groupId).toBeNull();
  });

  it("writes the status history, an outbox event and an audit row with each status change", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    t.clock.advance(1000);
    await updateComponent({ ctx: { deps: t.deps, actor }, input: { status: "major_outage", id: a.id } });
    const history = await t.deps.db
      .select()
      .from(componentStatusHistory)
      .where(eq(componentStatusHistory.componentId, a.id));
    expect(history.map((h) => h.status)).toEqual(["operational", "major_outage"]);
    const events = await t.deps.db.select().from(outboxEvents);
    expect(events.map((e) => e.type)).toEqual([
      "component.created",
      "component.status_changed",
      "component.updated",
    ]);
    expect(events[1]!.payload).toMatchObject({
      component_id: a.id,
      old_status: "operational",
      new_status: "major_outage",
    });
    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, a.id));
    expect(audit.map((r) => r.action)).toEqual(["component.create", "component.update"]);
    expect(audit[1]!.before).toMatchObject({ status: "operational" });
    expect(audit[1]!.after).toMatchObject({ status: "major_outage" });
  });

  it("leaves nothing behind when a change fails half-way", async () => {
    const a = await createComponent({ ctx: { deps: t.deps, actor }, input: { name: "A" } });
    const before = (await t.deps.db.select().from(outboxEvents)).length;
    await expect(
      updateComponent({
        ctx: { deps: t.deps, actor },
        input: { status: "major_outage", group_id: "cmp_missing", id: a.id },
      }),
    ).rejects.toBeInstanceOf(DomainError);
    const [row] = await loadComponents(t.deps);
    expect(row!.status).toBe("operational");
    expect(await t.deps.db.select().from(outboxEvents)).toHaveLength(before);
    expect(
      await t.deps.db
        .select()
        .from(componentStatusHistory)
        .where(eq(componentStatusHistory.componentId, a.id)),
    ).toHaveLength(1);
  });

  it("refuses writes from a viewer", async () => {
    await expect(
      createComponent({ ctx: { deps: t.deps, actor: viewer }, input: { name: "A" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
