import { type Call, parseInput } from "../verb.ts";
import { subscribeInput } from "./schemas.ts";
import { subscribeEmail } from "./subscribe-email.ts";
import { type EndpointSubscription, subscribeEndpoint } from "./subscribe-endpoint.ts";
import { type ClientCtx, requestSmsCode } from "./subscribe-sms.ts";

/**
 * What the subscriber is told. Email and SMS say nothing about the address (no enumeration: the
 * confirmation goes to the address itself); a webhook or chat URL is active at once and gets the
 * credentials to manage it, shown only in this answer.
 */
export type SubscribeOutcome = { channel: "email" } | { channel: "sms" } | EndpointSubscription;

export async function subscribe(call: Call<typeof subscribeInput, ClientCtx>): Promise<SubscribeOutcome> {
  const input = parseInput(subscribeInput, call.input);
  const { deps, client } = call.ctx;
  switch (input.channel) {
    case "email":
      await subscribeEmail({ ctx: { deps }, input });
      return { channel: "email" };
    case "sms":
      await requestSmsCode({ ctx: { deps, client }, input });
      return { channel: "sms" };
    default:
      return subscribeEndpoint({ ctx: { deps }, input });
  }
}
