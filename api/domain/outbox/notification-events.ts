import type { IncidentMessageKind } from "../subscribers/channel-specs.ts";
import type { TypedOutboxEvent } from "./events.ts";

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

const maintenanceKinds: Partial<Record<string, IncidentNotification["kind"]>> = {
  in_progress: "maintenance-started",
  completed: "maintenance-completed",
};

/** Which message an outbox event means for subscribers, or null when it tells them nothing. */
export function notificationOf(event: TypedOutboxEvent): Notification | null {
  switch (event.type) {
    case "component.status_changed":
      return { kind: "component-updated", componentId: event.payload.component_id };
    // A spent SMS budget and a failed backup are for the on-call contacts, by the same road.
    case "sms.budget_reached":
    case "backup.failed":
      return { kind: "dependency-alert", incidentId: null };
    case "dependency.alert":
      return { kind: "dependency-alert", incidentId: event.payload.incident_id };
    case "incident.created":
    case "incident.updated": {
      const { incident_id, update_id, status, deliver_notifications } = event.payload;
      if (deliver_notifications !== true || !update_id) return null;
      const kind =
        status === "resolved"
          ? "incident-resolved"
          : event.type === "incident.created"
            ? "incident-created"
            : "incident-updated";
      return { kind, incidentId: incident_id, updateId: update_id };
    }
    case "maintenance.scheduled": {
      const { maintenance_id, update_id, deliver_notifications } = event.payload;
      if (deliver_notifications !== true) return null;
      return { kind: "maintenance-scheduled", incidentId: maintenance_id, updateId: update_id ?? null };
    }
    case "maintenance.reminder":
      if (event.payload.deliver_notifications !== true) return null;
      return { kind: "maintenance-reminder", incidentId: event.payload.maintenance_id, updateId: null };
    case "maintenance.updated": {
      const { maintenance_id, update_id, status, deliver_notifications } = event.payload;
      const kind = update_id && status ? maintenanceKinds[status] : undefined;
      if (deliver_notifications !== true || !kind) return null;
      return { kind, incidentId: maintenance_id, updateId: update_id ?? null };
    }
    default:
      return null;
  }
}
