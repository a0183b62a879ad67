import type { Actor, Deps } from "../context.ts";
import { DomainError } from "../errors.ts";
import { type AddEndpointInput, endpointInput } from "./schemas.ts";
import { type EndpointSubscription, subscribeEndpoint } from "./subscribe-endpoint.ts";

/**
 * An admin adds a webhook or chat endpoint: active at once (no verification request), and allowed
 * to reach private addresses when the page allows it. The URL must have its channel's shape.
 */
export async function addEndpoint(
  deps: Deps,
  actor: Actor,
  input: AddEndpointInput,
): Promise<EndpointSubscription> {
  const { locale, ...rest } = input;
  const parsed = endpointInput.safeParse(input.channel === "webhook" ? rest : input);
  if (!parsed.success)
    throw new DomainError(
      "invalid_input",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return subscribeEndpoint(deps, parsed.data, { actor });
}
