import { z } from "zod";
import {
  componentStatuses,
  dependencyPolicies,
  dependencyStates,
  incidentStatuses,
  maintenanceStatuses,
  roles,
} from "../../../db/schema/enums.ts";

const id = z.string();
const anyStatus = z.enum([...incidentStatuses, ...maintenanceStatuses]);
const componentStatus = z.enum(componentStatuses);

/** An update of an incident, or an edit of it (`edited`, `postmortem`: no update, nobody is told). */
const incidentChange = z.object({
  incident_id: id,
  update_id: id.nullish(),
  status: anyStatus.optional(),
  previous_status: anyStatus.optional(),
  deliver_notifications: z.boolean().optional(),
  edited: z.boolean().optional(),
  postmortem: z.boolean().optional(),
  published: z.boolean().optional(),
  /** Opened by the dependency monitor. */
  dependency_id: id.optional(),
  /** A draft published: announced as new. */
  published_draft: z.boolean().optional(),
});
const maintenanceChange = z.object({
  maintenance_id: id,
  update_id: id.nullish(),
  status: anyStatus.optional(),
  previous_status: anyStatus.optional(),
  deliver_notifications: z.boolean().optional(),
  edited: z.boolean().optional(),
});
const componentChange = z.object({ component_id: id, group: z.boolean().optional() });

/**
 * Every outbox event's payload, by type: what writers must give and what readers get. The stored
 * JSON is the payload as given; readers parse it with these schemas (`readEvent`).
 */
export const outboxEventSchemas = {
  "settings.updated": z.object({
    demo_removed: z.boolean().optional(),
    restored_backup: z.string().optional(),
    imported_from: z.string().optional(),
  }),
  "component.created": componentChange,
  "component.updated": componentChange,
  "component.deleted": componentChange,
  "components.reordered": z.object({ group_id: id.nullish() }),
  "component.status_changed": z.object({
    component_id: id,
    old_status: componentStatus,
    new_status: componentStatus,
    incident_id: id.nullable(),
  }),
  "incident.created": incidentChange,
  "incident.updated": incidentChange,
  "incident.deleted": z.object({ incident_id: id }),
  "maintenance.scheduled": maintenanceChange,
  "maintenance.updated": maintenanceChange,
  "maintenance.deleted": z.object({ maintenance_id: id }),
  "maintenance.reminder": z.object({ maintenance_id: id, deliver_notifications: z.boolean().optional() }),
  "token.created": z.object({ token_id: id, role: z.enum(roles) }),
  "token.revoked": z.object({ token_id: id }),
  "dependency.alert": z.object({
    dependency_id: id,
    dependency_name: z.string(),
    previous_state: z.enum(dependencyStates),
    state: z.enum(dependencyStates),
    policy: z.enum(dependencyPolicies),
    component_ids: z.array(id),
    incident_id: id.nullable(),
    incident_published: z.boolean(),
    upstream_incidents: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
  }),
  /** A dependency shown on the public page changed (or stopped being shown): the page is rebuilt. */
  "dependency.page_changed": z.object({ dependency_id: id }),
  "sms.budget_reached": z.object({
    window: z.enum(["hour", "day"]),
    budget: z.number(),
    resets_at: z.string(),
  }),
  "backup.failed": z.object({
    backup_id: z.number(),
    file_name: z.string(),
    error: z.string().nullable(),
    targets: z.array(z.object({ target: z.string(), ok: z.boolean(), error: z.string().nullable() })),
  }),
  "site.rebuild_requested": z.object({}),
};

export type OutboxEventType = keyof typeof outboxEventSchemas;
export const outboxEventTypes = Object.keys(outboxEventSchemas) as OutboxEventType[];

/** Each event type's payload, as written. */
export type OutboxEventMap = { [T in OutboxEventType]: z.input<(typeof outboxEventSchemas)[T]> };

/** An event as read: a union discriminated by `type`, its payload typed by it. */
export type TypedOutboxEvent = {
  [T in OutboxEventType]: {
    seq: number;
    id: string;
    type: T;
    payload: z.output<(typeof outboxEventSchemas)[T]>;
    createdAt: Date;
  };
}[OutboxEventType];

export type OutboxEventOf<T extends OutboxEventType> = Extract<TypedOutboxEvent, { type: T }>;

const isKnownType = (type: string): type is OutboxEventType => Object.hasOwn(outboxEventSchemas, type);

/**
 * Reads a stored event: its payload parsed by its type's schema (the rows of any earlier version have
 * the same JSON). An unknown type or a payload that does not match is `null`: it tells nobody anything.
 */
export function readEvent(row: {
  seq: number;
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}): TypedOutboxEvent | null {
  if (!isKnownType(row.type)) return null;
  const parsed = outboxEventSchemas[row.type].safeParse(row.payload);
  if (!parsed.success) return null;
  return { ...row, type: row.type, payload: parsed.data } as TypedOutboxEvent;
}
