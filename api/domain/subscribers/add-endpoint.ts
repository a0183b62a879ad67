import { DomainError } from "../errors.ts";
import { type Call, parseInput } from "../verb.ts";
import { addEndpointInput, endpointInput } from "./schemas.ts";
import { type EndpointSubscription, subscribeEndpoint } from "./subscribe-endpoint.ts";

/**
 * An admin adds a webhook or chat endpoint: active at once (no verification request), and allowed
 * to reach private addresses when the page allows it. The URL must have its channel's shape.
 */
export async function addEndpoint(call: Call<typeof addEndpointInput>): Promise<EndpointSubscription> {
  const input = parseInput(addEndpointInput, call.input);
  const { locale, ...rest } = input;
  const parsed = endpointInput.safeParse(input.channel === "webhook" ? rest : input);
  if (!parsed.success)
    throw new DomainError(
      "invalid_input",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return subscribeEndpoint({ ctx: call.ctx, input: parsed.data });
}
