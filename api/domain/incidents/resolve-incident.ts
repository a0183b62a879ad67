import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { type Call, parseInput } from "../verb.ts";
import { closedStatuses, getIncident } from "./incident-store.ts";
import { type PostedUpdate, postUpdateInTx } from "./post-update.ts";
import { resolveIncidentByIdInput } from "./schemas.ts";

export const defaultResolvedBody = "This incident has been resolved.";

/**
 * Resolves an incident: a `resolved` update that, by default, sets its components back to operational.
 * Resolving twice is refused, so subscribers are never told twice that it is over.
 */
export function resolveIncident(call: Call<typeof resolveIncidentByIdInput>): Promise<PostedUpdate> {
  const { id, ...input } = parseInput(resolveIncidentByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const incident = await getIncident(tx, id, "incident");
    if (closedStatuses.includes(incident.status))
      throw new DomainError(
        "conflict",
        `Incident ${id} is already ${incident.status}; post an update to add a note or to reopen it.`,
      );
    return postUpdateInTx(tx, deps.clock.now(), actor, "incident", id, {
      status: "resolved",
      body: input.body ?? defaultResolvedBody,
      components: input.components,
      deliver_notifications: input.deliver_notifications,
      body_translations: input.body_translations,
    });
  });
}
