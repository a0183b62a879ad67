import type { Actor, Deps } from "../context.ts";
import { type PostedUpdate, postUpdate } from "./post-update.ts";
import type { ResolveIncidentInput } from "./schemas.ts";

export const defaultResolvedBody = "This incident has been resolved.";

/** Resolves an incident: a `resolved` update that, by default, sets its components back to operational. */
export function resolveIncident(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ResolveIncidentInput,
): Promise<PostedUpdate> {
  return postUpdate(deps, actor, "incident", id, {
    status: "resolved",
    body: input.body ?? defaultResolvedBody,
    components: input.components,
    deliver_notifications: input.deliver_notifications,
    body_translations: input.body_translations,
  });
}
