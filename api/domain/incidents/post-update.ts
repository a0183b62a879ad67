import type { IncidentKind } from "../../../db/schema/enums.ts";
import { incidentStatuses, maintenanceStatuses } from "../../../db/schema/enums.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import {
  appendIncidentEvent,
  closedStatuses,
  componentsToRestore,
  getIncident,
  type IncidentRow,
  insertUpdate,
  refreshIncident,
} from "./incident-store.ts";
import type { PostUpdateInput } from "./schemas.ts";
import { postUpdateByIdInput } from "./schemas.ts";

export interface PostedUpdate {
  incident: IncidentRow;
  updateId: string;
}

/**
 * Posts an update to an incident or a maintenance: the status moves, the components named change,
 * and when it closes, the components it held go back to operational unless named otherwise.
 */
export async function postUpdate(call: Call<typeof postUpdateByIdInput>): Promise<PostedUpdate> {
  const { kind, id, ...input } = parseInput(postUpdateByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write((tx) => {
    // A maintenance's status decides what the scheduler does next with it.
    if (kind === "maintenance") fireAfterCommit(tx, "schedule-changed");
    return postUpdateInTx(tx, deps.clock.now(), actor, kind, id, input);
  });
}

export async function postUpdateInTx(
  tx: Tx,
  at: Date,
  actor: Actor,
  kind: IncidentKind,
  id: string,
  input: PostUpdateInput,
): Promise<PostedUpdate> {
  const incident = await getIncident(tx, id, kind);
  const allowed: readonly string[] =
    kind === "incident" ? incidentStatuses.filter((s) => s !== "postmortem") : maintenanceStatuses;
  if (!allowed.includes(input.status))
    throw new DomainError(
      "invalid_input",
      `status: a${kind === "incident" ? "n incident" : " maintenance"} update takes one of ${allowed.join(", ")}; got ${input.status}.`,
    );
  if (kind === "maintenance" && incident.status === "completed" && input.status !== "completed")
    throw new DomainError("invalid_transition", "This maintenance is completed; schedule a new one instead.");
  const before = { ...incident };
  let components = input.components ?? {};
  if (closedStatuses.includes(input.status) && input.components === undefined) {
    components = await componentsToRestore(tx, incident.id);
  } else if (kind === "maintenance" && input.status === "in_progress" && input.components === undefined) {
    components = Object.fromEntries(
      Object.keys(await componentsToRestore(tx, incident.id)).map((c) => [c, "under_maintenance" as const]),
    );
  }
  // A draft's updates are recorded, not shown: its component statuses apply and it notifies on publish.
  const deliverNotifications = incident.published && (input.deliver_notifications ?? true);
  const updateId = await insertUpdate(tx, at, incident, {
    status: input.status,
    body: input.body,
    components,
    deliverNotifications,
    displayAt: input.display_at ? new Date(input.display_at) : at,
    bodyTranslations: input.body_translations,
    applyToComponents: incident.published,
  });
  await refreshIncident(tx, at, incident, input.status);
  const change = {
    update_id: updateId,
    status: input.status,
    previous_status: before.status,
    deliver_notifications: deliverNotifications,
  };
  if (kind === "incident")
    await appendIncidentEvent(tx, at, incident, "incident.updated", { incident_id: incident.id, ...change });
  else
    await appendIncidentEvent(tx, at, incident, "maintenance.updated", {
      maintenance_id: incident.id,
      ...change,
    });
  await recordAudit(tx, at, actor, {
    action: `${kind}.update`,
    entityType: kind,
    entityId: incident.id,
    before,
    after: { ...incident, update: { id: updateId, ...input, components } },
  });
  return { incident, updateId };
}
