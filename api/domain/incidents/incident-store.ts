import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { AnyIncidentStatus, ComponentStatus, IncidentKind, Locale } from "../../../db/schema/enums.ts";
import {
  incidentComponents,
  incidents,
  incidentUpdateComponents,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import { getAffectedComponents, setComponentStatus } from "../components/component-store.ts";
import type { Tx } from "../context.ts";
import { notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvent, type OutboxEventMap, type OutboxEventType } from "../outbox/append-event.ts";
import { impactOfStatus, worstImpact } from "../status-rules.ts";

export type IncidentRow = typeof incidents.$inferSelect;

/** A new incident or maintenance row: what the caller says, everything else at its starting value. */
export function newIncidentRow(
  at: Date,
  fields: Pick<IncidentRow, "id" | "kind" | "name" | "status" | "impact"> & Partial<IncidentRow>,
): IncidentRow {
  return {
    impactOverride: null,
    published: true,
    backfilled: false,
    scheduledFor: null,
    scheduledUntil: null,
    autoStart: false,
    autoComplete: false,
    remindPriorMinutes: null,
    remindedAt: null,
    scheduleRevision: 0,
    postmortemBody: null,
    postmortemUpdatedAt: null,
    postmortemPublishedAt: null,
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    monitoringAt: null,
    resolvedAt: null,
    ...fields,
  };
}

/** Statuses in which an incident or maintenance holds its components' statuses. */
export const activeStatuses: AnyIncidentStatus[] = [
  "investigating",
  "identified",
  "monitoring",
  "in_progress",
  "verifying",
];
export const closedStatuses: AnyIncidentStatus[] = ["resolved", "postmortem", "completed"];

export async function getIncident(tx: Tx, id: string, kind: IncidentKind): Promise<IncidentRow> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id));
  if (!row || row.kind !== kind) throw notFound(kind === "incident" ? "Incident" : "Maintenance", id);
  return row;
}

export interface UpdateSpec {
  status: AnyIncidentStatus;
  body: string;
  components: Record<string, ComponentStatus>;
  deliverNotifications: boolean;
  displayAt: Date;
  bodyTranslations?: Partial<Record<Locale, string>> | undefined;
  /** False for backfilled incidents: the statuses are recorded, the live components are left alone. */
  applyToComponents: boolean;
}

/** Inserts one update with what it did to each component, and sets those components. Returns its id. */
export async function insertUpdate(
  tx: Tx,
  at: Date,
  incident: IncidentRow,
  spec: UpdateSpec,
): Promise<string> {
  const affected = await getAffectedComponents(tx, Object.keys(spec.components));
  const updateId = newId("update");
  await tx.insert(incidentUpdates).values({
    id: updateId,
    incidentId: incident.id,
    status: spec.status,
    body: spec.body,
    displayAt: spec.displayAt,
    deliverNotifications: spec.deliverNotifications,
    createdAt: at,
    updatedAt: at,
  });
  for (const [componentId, newStatus] of Object.entries(spec.components)) {
    const component = affected.get(componentId)!;
    const oldStatus = spec.applyToComponents
      ? await setComponentStatus(tx, at, component, newStatus, incident.id)
      : component.status;
    await tx.insert(incidentUpdateComponents).values({ updateId, componentId, oldStatus, newStatus });
    await tx
      .insert(incidentComponents)
      .values({ incidentId: incident.id, componentId })
      .onConflictDoNothing();
  }
  for (const [locale, body] of Object.entries(spec.bodyTranslations ?? {})) {
    await tx.insert(incidentUpdateTranslations).values({ updateId, locale: locale as Locale, body });
  }
  return updateId;
}

/** Sets the incident's status and the timestamps and impact that follow from its updates. */
export async function refreshIncident(tx: Tx, at: Date, incident: IncidentRow, status: AnyIncidentStatus) {
  const changes: Partial<IncidentRow> = { status, updatedAt: at };
  if (status === "monitoring" && !incident.monitoringAt) changes.monitoringAt = at;
  if (closedStatuses.includes(status)) changes.resolvedAt = incident.resolvedAt ?? at;
  else changes.resolvedAt = null;
  if (status === "in_progress" && incident.kind === "maintenance") changes.startedAt = at;
  changes.impact =
    incident.kind === "maintenance"
      ? "maintenance"
      : (incident.impactOverride ?? (await derivedImpact(tx, incident.id)));
  await tx.update(incidents).set(changes).where(eq(incidents.id, incident.id));
  Object.assign(incident, changes);
}

export async function derivedImpact(tx: Tx, incidentId: string) {
  const rows = await tx
    .select({ status: incidentUpdateComponents.newStatus })
    .from(incidentUpdateComponents)
    .innerJoin(incidentUpdates, eq(incidentUpdates.id, incidentUpdateComponents.updateId))
    .where(eq(incidentUpdates.incidentId, incidentId));
  return worstImpact(rows.map((r) => impactOfStatus(r.status)));
}

/**
 * The components to set back to operational when an incident or maintenance closes: its affected
 * components that are not operational and that no other open incident or running maintenance holds.
 */
export async function componentsToRestore(
  tx: Tx,
  incidentId: string,
): Promise<Record<string, ComponentStatus>> {
  const mine = await tx
    .select({ componentId: incidentComponents.componentId })
    .from(incidentComponents)
    .where(eq(incidentComponents.incidentId, incidentId));
  if (mine.length === 0) return {};
  const ids = mine.map((m) => m.componentId);
  const heldElsewhere = await tx
    .select({ componentId: incidentComponents.componentId })
    .from(incidentComponents)
    .innerJoin(incidents, eq(incidents.id, incidentComponents.incidentId))
    .where(
      and(
        inArray(incidentComponents.componentId, ids),
        ne(incidents.id, incidentId),
        inArray(incidents.status, activeStatuses),
        eq(incidents.published, true),
      ),
    );
  const held = new Set(heldElsewhere.map((h) => h.componentId));
  const restore: Record<string, ComponentStatus> = {};
  for (const id of ids) if (!held.has(id)) restore[id] = "operational";
  return restore;
}

/** Each component's status as the incident's updates last recorded it (oldest update first, newest wins). */
export async function recordedComponentStatuses(
  tx: Tx,
  incidentId: string,
): Promise<Record<string, ComponentStatus>> {
  const rows = await tx
    .select({ componentId: incidentUpdateComponents.componentId, status: incidentUpdateComponents.newStatus })
    .from(incidentUpdateComponents)
    .innerJoin(incidentUpdates, eq(incidentUpdates.id, incidentUpdateComponents.updateId))
    .where(eq(incidentUpdates.incidentId, incidentId))
    // Insertion order breaks ties: two updates may share a millisecond.
    .orderBy(asc(incidentUpdates.displayAt), asc(incidentUpdates.createdAt), sql`"incident_updates"."rowid"`);
  return Object.fromEntries(rows.map((r) => [r.componentId, r.status]));
}

/**
 * Drafts are invisible: changing one writes no outbox event, so no subscriber, webhook or public page
 * hears of it before it is published (publishing announces it as new).
 */
export async function appendIncidentEvent<T extends OutboxEventType>(
  tx: Tx,
  at: Date,
  incident: IncidentRow,
  type: T,
  payload: OutboxEventMap[T],
): Promise<void> {
  if (incident.published) await appendEvent(tx, at, type, payload);
}
