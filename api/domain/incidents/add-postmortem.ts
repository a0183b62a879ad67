import { eq } from "drizzle-orm";
import { incidents } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { type Call, parseInput } from "../verb.ts";
import { appendIncidentEvent, getIncident, type IncidentRow } from "./incident-store.ts";
import { postmortemByIdInput } from "./schemas.ts";

/** Writes the postmortem of a resolved incident; publishing it moves the incident to `postmortem`. */
export async function addPostmortem(call: Call<typeof postmortemByIdInput>): Promise<IncidentRow> {
  const { id, ...input } = parseInput(postmortemByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const incident = await getIncident(tx, id, "incident");
    if (incident.status !== "resolved" && incident.status !== "postmortem")
      throw new DomainError("invalid_transition", "Resolve the incident before adding its postmortem.");
    const before = { ...incident };
    const publish = input.publish ?? true;
    const changes: Partial<IncidentRow> = {
      postmortemBody: input.body,
      postmortemUpdatedAt: at,
      updatedAt: at,
    };
    if (publish) {
      changes.status = "postmortem";
      changes.postmortemPublishedAt = incident.postmortemPublishedAt ?? at;
    }
    await tx.update(incidents).set(changes).where(eq(incidents.id, id));
    Object.assign(incident, changes);
    await appendIncidentEvent(tx, at, incident, "incident.updated", {
      incident_id: id,
      postmortem: true,
      published: publish,
    });
    await recordAudit(tx, at, actor, {
      action: "incident.postmortem",
      entityType: "incident",
      entityId: id,
      before,
      after: incident,
    });
    return incident;
  });
}
