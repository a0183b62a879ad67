import type { z } from "zod";
import {
  type ChannelSpec,
  channelSpecs,
  type EndpointChannel,
} from "../../domain/subscribers/channel-specs.ts";
import { subscriptions } from "../../domain/subscribers/schemas.ts";
import { type Channel, channels } from "../../domain/types.ts";
import { createEmailDispatcher, type EmailDispatcherOptions } from "../dispatch-email.ts";
import type { Dispatcher } from "../dispatcher.ts";
import type { SmsDelivery } from "../start-sms.ts";

/**
 * What the lanes are built from, each part made once per process: the email transport and
 * templates, the SMS providers (they hold their failover state), and the endpoint lanes' factory
 * (webhook and chat lanes share one page cache and one pair of guarded fetches).
 */
export interface LaneKit {
  email: EmailDispatcherOptions;
  sms: SmsDelivery;
  endpoint: (channel: EndpointChannel) => Dispatcher;
}

/** Everything about one channel: the domain's spec, how a subscription to it is checked, its lane. */
export interface ChannelEntry extends ChannelSpec {
  /** The subscribe body for this channel, its address field checked the channel's way. */
  subscription: z.ZodObject;
  /** Builds the lane that sends this channel's deliveries. */
  lane: (kit: LaneKit) => Dispatcher;
}

export type ChannelRegistry = Record<Channel, ChannelEntry>;

/**
 * Every channel and how it is sent. Keyed by `Channel`: a channel in the schema's list that is not
 * here does not compile, so none can exist whose deliveries are created and never sent.
 */
export const channelRegistry: ChannelRegistry = {
  email: {
    ...channelSpecs.email,
    subscription: subscriptions.email,
    lane: (kit) => createEmailDispatcher(kit.email),
  },
  sms: { ...channelSpecs.sms, subscription: subscriptions.sms, lane: (kit) => kit.sms.dispatcher },
  webhook: {
    ...channelSpecs.webhook,
    subscription: subscriptions.webhook,
    lane: (kit) => kit.endpoint("webhook"),
  },
  slack: { ...channelSpecs.slack, subscription: subscriptions.slack, lane: (kit) => kit.endpoint("slack") },
  discord: {
    ...channelSpecs.discord,
    subscription: subscriptions.discord,
    lane: (kit) => kit.endpoint("discord"),
  },
  teams: { ...channelSpecs.teams, subscription: subscriptions.teams, lane: (kit) => kit.endpoint("teams") },
};

/** One lane per channel, in the channels' order. */
export function buildLanes(
  kit: LaneKit,
  registry: ChannelRegistry = channelRegistry,
): Record<Channel, Dispatcher> {
  return Object.fromEntries(channels.map((c) => [c, registry[c].lane(kit)])) as Record<Channel, Dispatcher>;
}
