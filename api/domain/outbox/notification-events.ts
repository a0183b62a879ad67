import type { IncidentMessageKind } from "../subscribers/channel-specs.ts";
import type { OutboxEvent } from "./outbox-cursor.ts";

/** A message to subscribers about an incident or a maintenance (one of its updates). */
export interface IncidentNotification {
  kind: IncidentMessageKind;
  incidentId: string;
  updateId: string | null;
}

/** A component's status changed: Statuspage tells webhook subscribers of every such change. */
export interface ComponentNotification {
  kind: "component-updated";
  componentId: string;
}

/**
 * A dependency changed state, or the page's SMS budget ran out: the on-call contacts hear it, not
 * the public (both go out as the on-call email, kind `dependency-alert`).
 */
export interface AlertNotification {
  kind: "dependency-alert";
  incidentId: string | null;
}

export type Notification = IncidentNotification | ComponentNotification | AlertNotification;

const maintenanceKinds: Record<string, IncidentNotification["kind"] | undefined> = {
  in_progress: "maintenance-started",
  completed: "maintenance-completed",
};

/** Which message an outbox event means for subscribers, or null when it tells them nothing. */
export function notificationOf(event: OutboxEvent): Notification | null {
  const p = event.payload as Record<string, unknown>;
  if (event.type === "component.status_changed")
    return { kind: "component-updated", componentId: String(p.component_id) };
  if (event.type === "sms.budget_reached") return { kind: "dependency-alert", incidentId: null };
  // A failed backup is for the on-call contacts too, by the same road.
  if (event.type === "backup.failed") return { kind: "dependency-alert", incidentId: null };
  if (event.type === "dependency.alert")
    return { kind: "dependency-alert", incidentId: typeof p.incident_id === "string" ? p.incident_id : null };
  if (p.deliver_notifications !== true) return null;
  const updateId = typeof p.update_id === "string" ? p.update_id : null;
  const status = p.status;
  switch (event.type) {
    case "incident.created":
    case "incident.updated": {
      if (!updateId) return null;
      const kind =
        status === "resolved"
          ? "incident-resolved"
          : event.type === "incident.created"
            ? "incident-created"
            : "incident-updated";
      return { kind, incidentId: String(p.incident_id), updateId };
    }
    case "maintenance.scheduled":
      return { kind: "maintenance-scheduled", incidentId: String(p.maintenance_id), updateId };
    case "maintenance.reminder":
      return { kind: "maintenance-reminder", incidentId: String(p.maintenance_id), updateId: null };
    case "maintenance.updated": {
      const kind = updateId ? maintenanceKinds[String(status)] : undefined;
      return kind ? { kind, incidentId: String(p.maintenance_id), updateId } : null;
    }
    default:
      return null;
  }
}
