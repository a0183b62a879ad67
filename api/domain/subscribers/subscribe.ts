import type { Deps } from "../context.ts";
import type { SubscribeInput } from "./schemas.ts";
import { subscribeEmail } from "./subscribe-email.ts";
import { type EndpointSubscription, subscribeEndpoint } from "./subscribe-endpoint.ts";
import { requestSmsCode } from "./subscribe-sms.ts";

/**
 * What the subscriber is told. Email and SMS say nothing about the address (no enumeration: the
 * confirmation goes to the address itself); a webhook or chat URL is active at once and gets the
 * credentials to manage it, shown only in this answer.
 */
export type SubscribeOutcome = { channel: "email" } | { channel: "sms" } | EndpointSubscription;

export async function subscribe(
  deps: Deps,
  input: SubscribeInput,
  /** The client's address, for the limits kept in the database. */
  context: { client?: string } = {},
): Promise<SubscribeOutcome> {
  switch (input.channel) {
    case "email":
      await subscribeEmail(deps, input);
      return { channel: "email" };
    case "sms":
      await requestSmsCode(deps, input, context);
      return { channel: "sms" };
    default:
      return subscribeEndpoint(deps, input);
  }
}
