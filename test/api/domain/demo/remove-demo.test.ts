import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../../api/domain/components/create-component.ts";
import { type Actor, systemActor } from "../../../../api/domain/context.ts";
import { findDemoRows, hasDemoData, removeDemo } from "../../../../api/domain/demo/remove-demo.ts";
import { seedDemo } from "../../../../api/domain/demo/seed-demo.ts";
import { DomainError } from "../../../../api/domain/errors.ts";
import { createIncident } from "../../../../api/domain/incidents/create-incident.ts";
import {
  auditLog,
  componentStatusHistory,
  components,
  incidentComponents,
  incidents,
  incidentUpdates,
  outboxEvents,
} from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
const owner: Actor = { id: "usr_owner", role: "owner" };

beforeEach(async () => {
  t = await createTestDb();
  await seedDemo(t.deps);
});
afterEach(() => t.close());

describe("removing the demo data", () => {
  it("removes the demo's rows and keeps the owner's, including an incident on a demo component", async () => {
    const demo = await findDemoRows(t.deps.db);
    expect(demo.components).toHaveLength(12);
    expect(demo.incidents).toHaveLength(5);
    const named = async (name: string) => {
      const [row] = await t.deps.db.select().from(components).where(eq(components.name, name));
      if (!row) throw new Error(`the demo has no ${name}`);
      return row;
    };
    const website = await named("Website");
    const platform = await named("Platform");
    // The owner's own component, placed in a demo group, and one named like a demo component.
    const mine = await createComponent({
      ctx: { deps: t.deps, actor: owner },
      input: { name: "Shop", group_id: platform.id },
    });
    const twin = await createComponent({ ctx: { deps: t.deps, actor: owner }, input: { name: "Website" } });
    const incident = await createIncident({
      ctx: { deps: t.deps, actor: owner },
      input: {
        name: "Shop is slow",
        body: "Pages load slowly.",
        components: { [mine.id]: "degraded_performance", [website.id]: "partial_outage" },
        deliver_notifications: false,
      },
    });

    const removed = await removeDemo({ ctx: { deps: t.deps, actor: owner } });
    expect(removed).toEqual(demo);
    expect(await hasDemoData(t.deps)).toBe(false);

    const left = await t.deps.db.select().from(components);
    expect(left.map((c) => [c.name, c.groupId]).sort()).toEqual([
      ["Shop", null],
      ["Website", null],
    ]);
    expect(left.map((c) => c.id).sort()).toEqual([mine.id, twin.id].sort());
    const history = await t.deps.db.select().from(componentStatusHistory);
    expect(new Set(history.map((h) => h.componentId))).toEqual(new Set([mine.id, twin.id]));

    expect((await t.deps.db.select().from(incidents)).map((i) => i.id)).toEqual([incident.incident.id]);
    const links = await t.deps.db.select().from(incidentComponents);
    expect(links.map((l) => l.componentId)).toEqual([mine.id]);
    const updates = await t.deps.db.select().from(incidentUpdates);
    expect(new Set(updates.map((u) => u.incidentId))).toEqual(new Set([incident.incident.id]));

    const events = await t.deps.db.select().from(outboxEvents);
    const payloads = events.map((e) => JSON.stringify(e.payload));
    expect(payloads.some((p) => p.includes(incident.incident.id))).toBe(true);
    const stale = events.filter(
      (e) =>
        e.type !== "component.deleted" &&
        demo.components.concat(demo.incidents).some((id) => JSON.stringify(e.payload).includes(id)),
    );
    expect(stale).toEqual([]);
    // The rebuild goes through the outbox: one deletion event per demo component, after everything else.
    const deletions = events.filter((e) => e.type === "component.deleted");
    expect(deletions.map((e) => e.payload.component_id).sort()).toEqual([...demo.components].sort());

    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "demo.remove"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(owner.id);
  });

  it("says so when there is nothing left to remove, and needs the owner role", async () => {
    const editor: Actor = { id: "usr_editor", role: "editor" };
    await expect(removeDemo({ ctx: { deps: t.deps, actor: editor } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await removeDemo({ ctx: { deps: t.deps, actor: systemActor("test") } });
    const again = await removeDemo({ ctx: { deps: t.deps, actor: owner } }).catch((e) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again.code).toBe("not_found");
    expect(again.message).toMatch(/^There is no demo data left to remove\.$/);
  });

  it("counts a demo row deleted by hand as gone and removes the rest", async () => {
    const demo = await findDemoRows(t.deps.db);
    await t.deps.db.delete(incidents).where(inArray(incidents.id, demo.incidents));
    const removed = await removeDemo({ ctx: { deps: t.deps, actor: owner } });
    expect(removed.incidents).toEqual([]);
    expect(await t.deps.db.select().from(components)).toEqual([]);
  });
});
