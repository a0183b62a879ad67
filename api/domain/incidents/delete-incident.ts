import { eq } from "drizzle-orm";
import { incidents } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import { appendIncidentEvent, getIncident } from "./incident-store.ts";
import { deleteIncidentInput } from "./schemas.ts";

/** Deletes an incident or maintenance and its updates. Component statuses are left as they are. */
export async function deleteIncident(call: Call<typeof deleteIncidentInput>): Promise<void> {
  const { kind, id } = parseInput(deleteIncidentInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    const incident = await getIncident(tx, id, kind);
    await tx.delete(incidents).where(eq(incidents.id, id));
    if (kind === "incident")
      await appendIncidentEvent(tx, at, incident, "incident.deleted", { incident_id: id });
    else {
      await appendIncidentEvent(tx, at, incident, "maintenance.deleted", { maintenance_id: id });
      fireAfterCommit(tx, "schedule-changed");
    }
    await recordAudit(tx, at, actor, {
      action: `${kind}.delete`,
      entityType: kind,
      entityId: id,
      before: incident,
    });
  });
}
