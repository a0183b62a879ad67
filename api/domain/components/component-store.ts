import { and, eq, isNull, max } from "drizzle-orm";
import type { ComponentStatus } from "../../../db/schema/enums.ts";
import { componentStatusHistory, components } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { DomainError, notFound } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";

export type ComponentRow = typeof components.$inferSelect;

export async function findComponent(tx: Tx, id: string): Promise<ComponentRow | undefined> {
  const [row] = await tx.select().from(components).where(eq(components.id, id));
  return row;
}

export async function getComponent(tx: Tx, id: string, kind: "component" | "group"): Promise<ComponentRow> {
  const row = await findComponent(tx, id);
  if (!row || row.isGroup !== (kind === "group"))
    throw notFound(kind === "group" ? "Component group" : "Component", id);
  return row;
}

/** The group a component may join: it must exist and be a group. */
export async function checkGroup(tx: Tx, groupId: string | null | undefined): Promise<void> {
  if (groupId == null) return;
  const group = await findComponent(tx, groupId);
  if (!group)
    throw new DomainError("invalid_reference", `group_id: group ${JSON.stringify(groupId)} does not exist.`);
  if (!group.isGroup)
    throw new DomainError(
      "invalid_reference",
      `group_id: ${JSON.stringify(groupId)} is a component, not a group.`,
    );
}

export async function nextPosition(tx: Tx, groupId: string | null): Promise<number> {
  const where = groupId === null ? isNull(components.groupId) : eq(components.groupId, groupId);
  const [row] = await tx
    .select({ last: max(components.position) })
    .from(components)
    .where(where);
  return row?.last == null ? 0 : row.last + 1;
}

/** Loads components by id for an incident; unknown ids and groups are refused with the offending id. */
export async function getAffectedComponents(tx: Tx, ids: string[]): Promise<Map<string, ComponentRow>> {
  const found = new Map<string, ComponentRow>();
  for (const id of ids) {
    const row = await findComponent(tx, id);
    if (!row)
      throw new DomainError(
        "invalid_reference",
        `components: component ${JSON.stringify(id)} does not exist.`,
      );
    if (row.isGroup)
      throw new DomainError(
        "invalid_reference",
        `components: ${JSON.stringify(id)} is a group; set the status of its components instead.`,
      );
    found.set(id, row);
  }
  return found;
}

/**
 * Sets a component's status, appending to its history and to the outbox when it actually changes.
 * Returns the previous status.
 */
export async function setComponentStatus(
  tx: Tx,
  at: Date,
  component: ComponentRow,
  status: ComponentStatus,
  incidentId: string | null,
): Promise<ComponentStatus> {
  const previous = component.status;
  if (previous === status) return previous;
  await tx.update(components).set({ status, updatedAt: at }).where(eq(components.id, component.id));
  await tx
    .insert(componentStatusHistory)
    .values({ componentId: component.id, status, startedAt: at, incidentId });
  await appendEvent(tx, at, "component.status_changed", {
    component_id: component.id,
    old_status: previous,
    new_status: status,
    incident_id: incidentId,
  });
  component.status = status;
  component.updatedAt = at;
  return previous;
}

export async function childrenOf(tx: Tx, groupId: string): Promise<ComponentRow[]> {
  return tx
    .select()
    .from(components)
    .where(and(eq(components.groupId, groupId), eq(components.isGroup, false)));
}
