import type { MessageKind } from "../../db/schema/deliveries.ts";
import type { OutboxEvent } from "../domain/outbox/outbox-cursor.ts";

export interface Notification {
  kind: Exclude<MessageKind, "confirmation">;
  incidentId: string;
  updateId: string | null;
}

const maintenanceKinds: Record<string, Notification["kind"] | undefined> = {
  in_progress: "maintenance-started",
  completed: "maintenance-completed",
};

/** Which message an outbox event means for subscribers, or null when it tells them nothing. */
export function notificationOf(event: OutboxEvent): Notification | null {
  const p = event.payload as Record<string, unknown>;
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
