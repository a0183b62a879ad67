import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { auditLog, components, incidents, outboxEvents } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Deps, Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import type { Ctx } from "../verb.ts";

/** Who the demo's rows were written by: every row it made is in the audit log under this actor. */
export const demoActorId = "system:demo";

const createActions = ["component.create", "group.create", "incident.create", "maintenance.schedule"];

export interface DemoRows {
  components: string[];
  incidents: string[];
}

/**
 * The demo's rows that still exist. The audit log is the record of who created what, so an
 * owner's rows are never mistaken for the demo's, whatever their names.
 */
export async function findDemoRows(db: Db | Tx): Promise<DemoRows> {
  const created = await db
    .select({ type: auditLog.entityType, id: auditLog.entityId })
    .from(auditLog)
    .where(and(eq(auditLog.actor, demoActorId), inArray(auditLog.action, createActions)));
  const ids = (types: string[]) =>
    created.filter((r) => r.id && types.includes(r.type)).map((r) => r.id as string);
  const componentIds = ids(["component", "group"]);
  const incidentIds = ids(["incident", "maintenance"]);
  const liveComponents = componentIds.length
    ? await db.select({ id: components.id }).from(components).where(inArray(components.id, componentIds))
    : [];
  const liveIncidents = incidentIds.length
    ? await db.select({ id: incidents.id }).from(incidents).where(inArray(incidents.id, incidentIds))
    : [];
  return { components: liveComponents.map((r) => r.id), incidents: liveIncidents.map((r) => r.id) };
}

export async function hasDemoData(deps: Deps): Promise<boolean> {
  const rows = await deps.read((db) => findDemoRows(db));
  return rows.components.length + rows.incidents.length > 0;
}

const mentions = (ids: string[]) =>
  or(
    inArray(sql`json_extract(${outboxEvents.payload}, '$.component_id')`, ids),
    inArray(sql`json_extract(${outboxEvents.payload}, '$.incident_id')`, ids),
    inArray(sql`json_extract(${outboxEvents.payload}, '$.maintenance_id')`, ids),
  );

/**
 * Removes exactly what the demo created: its components and groups (with their history), its
 * incidents and maintenances (with their updates), and the outbox events about them. An owner's
 * component left in a demo group moves to the top level; an owner's incident that names a demo
 * component keeps its text and loses only that link. The page is rebuilt through the outbox.
 */
export async function removeDemo({ ctx: { deps, actor } }: { ctx: Ctx }): Promise<DemoRows> {
  authorize(actor, "owner");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const rows = await findDemoRows(tx);
    if (rows.components.length + rows.incidents.length === 0)
      throw new DomainError("not_found", "There is no demo data left to remove.");
    const all = [...rows.components, ...rows.incidents];
    await tx.delete(outboxEvents).where(mentions(all));
    if (rows.incidents.length) await tx.delete(incidents).where(inArray(incidents.id, rows.incidents));
    if (rows.components.length) {
      await tx
        .update(components)
        .set({ groupId: null, updatedAt: at })
        .where(inArray(components.groupId, rows.components));
      await tx.delete(components).where(inArray(components.id, rows.components));
      for (const id of rows.components) await appendEvent(tx, at, "component.deleted", { component_id: id });
    } else {
      await appendEvent(tx, at, "settings.updated", { demo_removed: true });
    }
    await recordAudit(tx, at, actor, {
      action: "demo.remove",
      entityType: "demo",
      entityId: null,
      before: rows,
    });
    return rows;
  });
}
