import {
  type AnyIncidentStatus,
  type ComponentStatus,
  componentStatuses,
  impacts,
  incidentStatuses,
  maintenanceStatuses,
} from "../../../db/schema/enums.ts";
import type {
  incidentComponents,
  incidentUpdateComponents,
  incidentUpdates,
} from "../../../db/schema/index.ts";
import type { IncidentRow } from "../incidents/incident-store.ts";
import { impactOfStatus, worstImpact } from "../status-rules.ts";
import type { StatuspageIncident } from "./statuspage-documents.ts";
import { keepId, oneOf, optionalTime, time } from "./statuspage-values.ts";

export interface ImportedIncidents {
  incidents: IncidentRow[];
  updates: (typeof incidentUpdates.$inferInsert)[];
  updateComponents: (typeof incidentUpdateComponents.$inferInsert)[];
  incidentComponents: (typeof incidentComponents.$inferInsert)[];
}

const anyStatus: readonly AnyIncidentStatus[] = [...incidentStatuses, ...maintenanceStatuses];

/**
 * Incidents and maintenances with every update, as the page shows them: statuses, impact, affected
 * components and timestamps. A maintenance is told apart by its status. Nothing is notified.
 */
export function importIncidents(
  source: { item: StatuspageIncident; where: string }[],
  componentIds: Map<string, string>,
  now: Date,
): ImportedIncidents {
  const out: ImportedIncidents = { incidents: [], updates: [], updateComponents: [], incidentComponents: [] };
  const taken = new Set<string>();
  const takenUpdates = new Set<string>();
  for (const { item, where } of source) {
    const status = oneOf(
      anyStatus,
      item.status,
      `${where}.status`,
      "Statuspage incident or maintenance status",
    );
    const kind = (maintenanceStatuses as readonly string[]).includes(status) ? "maintenance" : "incident";
    const id = keepId(item.id, kind, taken);
    const affected = new Set<string>();
    const newStatuses: ComponentStatus[] = [];
    // Oldest first, so that storage order follows time like updates posted one after the other.
    const updates = item.incident_updates ?? [];
    for (let n = updates.length - 1; n >= 0; n--) {
      const u = updates[n]!;
      const at = `${where}.incident_updates[${n}]`;
      const createdAt = time(u.created_at, `${at}.created_at`, now);
      const updateId = keepId(u.id, "update", takenUpdates);
      out.updates.push({
        id: updateId,
        incidentId: id,
        status: oneOf(anyStatus, u.status, `${at}.status`, "Statuspage update status"),
        body: u.body ?? "",
        displayAt: time(u.display_at, `${at}.display_at`, createdAt),
        deliverNotifications: u.deliver_notifications ?? false,
        createdAt,
        updatedAt: time(u.updated_at, `${at}.updated_at`, createdAt),
      });
      const seen = new Set<string>();
      for (const a of u.affected_components ?? []) {
        const componentId = a.code ? componentIds.get(a.code) : undefined;
        const newStatus = componentStatuses.find((s) => s === a.new_status);
        // Placeholders ("No components were affected") and components the page no longer lists.
        if (!componentId || !newStatus || seen.has(componentId)) continue;
        seen.add(componentId);
        const oldStatus = componentStatuses.find((s) => s === a.old_status) ?? newStatus;
        out.updateComponents.push({ updateId, componentId, oldStatus, newStatus });
        affected.add(componentId);
        newStatuses.push(newStatus);
      }
    }
    for (const c of item.components ?? []) {
      const componentId = componentIds.get(c.id);
      if (componentId) affected.add(componentId);
    }
    for (const componentId of affected) out.incidentComponents.push({ incidentId: id, componentId });
    out.incidents.push(incidentRow(item, where, { id, kind, status, now }, newStatuses));
  }
  return out;
}

function incidentRow(
  item: StatuspageIncident,
  where: string,
  { id, kind, status, now }: { id: string; kind: IncidentRow["kind"]; status: AnyIncidentStatus; now: Date },
  newStatuses: ComponentStatus[],
): IncidentRow {
  const createdAt = time(item.created_at, `${where}.created_at`, now);
  const maintenance = kind === "maintenance";
  // The impact the affected components give; the page's own figure overrides it only when it differs.
  const derived = worstImpact(newStatuses.map(impactOfStatus));
  const stated = impacts.find((i) => i === (item.impact_override ?? item.impact)) ?? derived;
  return {
    id,
    kind,
    name: item.name,
    status,
    impact: maintenance ? "maintenance" : stated,
    impactOverride: maintenance || stated === derived ? null : stated,
    published: true,
    backfilled: item.backfilled ?? false,
    scheduledFor: optionalTime(item.scheduled_for, `${where}.scheduled_for`),
    scheduledUntil: optionalTime(item.scheduled_until, `${where}.scheduled_until`),
    autoStart: item.scheduled_auto_in_progress ?? maintenance,
    autoComplete: item.scheduled_auto_completed ?? maintenance,
    remindPriorMinutes: maintenance && (item.scheduled_remind_prior ?? status === "scheduled") ? 60 : null,
    remindedAt: optionalTime(item.scheduled_reminded_at, `${where}.scheduled_reminded_at`),
    scheduleRevision: 0,
    postmortemBody: item.postmortem_body ?? null,
    postmortemUpdatedAt: optionalTime(
      item.postmortem_body_last_updated_at,
      `${where}.postmortem_body_last_updated_at`,
    ),
    postmortemPublishedAt: optionalTime(item.postmortem_published_at, `${where}.postmortem_published_at`),
    createdAt,
    updatedAt: time(item.updated_at, `${where}.updated_at`, createdAt),
    startedAt: time(item.started_at, `${where}.started_at`, createdAt),
    monitoringAt: optionalTime(item.monitoring_at, `${where}.monitoring_at`),
    resolvedAt: optionalTime(item.resolved_at, `${where}.resolved_at`),
  };
}
