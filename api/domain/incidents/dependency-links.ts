import { and, desc, eq, isNull, notInArray } from "drizzle-orm";
import type { ComponentStatus } from "../../../db/schema/enums.ts";
import { dependencyIncidents, incidents } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";
import { closedStatuses, type IncidentRow } from "./incident-store.ts";

export interface DependencyLink {
  incidentId: string;
  dependencyId: string;
  applied: Record<string, ComponentStatus>;
  recoveredAt: Date | null;
  incident: IncidentRow;
}

const select = (tx: Tx) =>
  tx
    .select({ link: dependencyIncidents, incident: incidents })
    .from(dependencyIncidents)
    .innerJoin(incidents, eq(incidents.id, dependencyIncidents.incidentId));

const toLink = ({ link, incident }: Awaited<ReturnType<typeof select>>[number]): DependencyLink => ({
  incidentId: link.incidentId,
  dependencyId: link.dependencyId,
  applied: { ...link.appliedStatuses },
  recoveredAt: link.recoveredAt,
  incident,
});

/**
 * The dependency's incident that is still open, if any. One whose recovery was proposed but that an
 * admin has not resolved yet is reused when the provider degrades again, rather than opening a second.
 */
export async function openLinkOf(tx: Tx, dependencyId: string): Promise<DependencyLink | undefined> {
  const [row] = await select(tx)
    .where(
      and(eq(dependencyIncidents.dependencyId, dependencyId), notInArray(incidents.status, closedStatuses)),
    )
    .orderBy(desc(dependencyIncidents.createdAt))
    .limit(1);
  return row && toLink(row);
}

/** The incidents through which dependencies currently hold component statuses the public can see. */
export async function actingPublishedLinks(tx: Tx): Promise<DependencyLink[]> {
  const rows = await select(tx).where(
    and(
      isNull(dependencyIncidents.recoveredAt),
      eq(incidents.published, true),
      notInArray(incidents.status, closedStatuses),
    ),
  );
  return rows.map(toLink);
}

export async function saveApplied(tx: Tx, link: DependencyLink): Promise<void> {
  await tx
    .update(dependencyIncidents)
    .set({ appliedStatuses: link.applied })
    .where(eq(dependencyIncidents.incidentId, link.incidentId));
}

/** An admin published a monitor's draft: the statuses it set are now the monitor's to restore on recovery. */
export async function recordPublishedStatuses(
  tx: Tx,
  incidentId: string,
  applied: Record<string, ComponentStatus>,
): Promise<void> {
  const [row] = await tx
    .select()
    .from(dependencyIncidents)
    .where(eq(dependencyIncidents.incidentId, incidentId));
  if (!row || Object.keys(applied).length === 0) return;
  await tx
    .update(dependencyIncidents)
    .set({ appliedStatuses: { ...row.appliedStatuses, ...applied } })
    .where(eq(dependencyIncidents.incidentId, incidentId));
}
