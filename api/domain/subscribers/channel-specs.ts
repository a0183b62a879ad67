import { type Channel, channels, type MessageKind } from "../types.ts";

/** The messages about an incident or a maintenance that subscribers hear, one per update or event. */
export type IncidentMessageKind = Exclude<
  MessageKind,
  "confirmation" | "component-updated" | "dependency-alert"
>;
/** What a subscriber may hear: news of incidents and maintenance, and (webhooks) component changes. */
export type SubscriberMessageKind = IncidentMessageKind | "component-updated";

const incidentKinds = [
  "incident-created",
  "incident-updated",
  "incident-resolved",
  "maintenance-scheduled",
  "maintenance-reminder",
  "maintenance-started",
  "maintenance-completed",
] as const satisfies readonly IncidentMessageKind[];

/** What the domain knows of a channel: its name, who it reaches, and what its subscribers hear. */
export interface ChannelSpec {
  /** The channel's name as people read it ("Microsoft Teams"). */
  label: string;
  /** The message kinds its subscribers hear. */
  hears: readonly SubscriberMessageKind[];
  /** Admins choose which of `hears` it carries (it costs money): the page's `sms_kinds`. */
  optIn: boolean;
  /**
   * Whom it reaches: a person (an email address, a phone number), a webhook receiver (signed JSON),
   * or a chat tool's incoming webhook (a message in the tool's format). Webhooks and chat tools are
   * endpoints: URLs the notifier posts to, which an admin may also add directly.
   */
  reach: "person" | "webhook" | "chat";
}

/**
 * Every channel, in the order lists show them. Keyed by `Channel`, so a channel added to the schema's
 * list fails to compile until it is described here (and then in the notifier's registry).
 */
export const channelSpecs = {
  email: { label: "Email", hears: incidentKinds, optIn: false, reach: "person" },
  sms: { label: "SMS", hears: incidentKinds, optIn: true, reach: "person" },
  // Statuspage tells webhook subscribers of every component change as well.
  webhook: {
    label: "Webhook",
    hears: [...incidentKinds, "component-updated"],
    optIn: false,
    reach: "webhook",
  },
  slack: { label: "Slack", hears: incidentKinds, optIn: false, reach: "chat" },
  discord: { label: "Discord", hears: incidentKinds, optIn: false, reach: "chat" },
  teams: { label: "Microsoft Teams", hears: incidentKinds, optIn: false, reach: "chat" },
} as const satisfies Record<Channel, ChannelSpec>;

type Reaching<R extends ChannelSpec["reach"]> = {
  [C in Channel]: (typeof channelSpecs)[C]["reach"] extends R ? C : never;
}[Channel];

/** The chat tools: endpoints whose messages are formatted for the service rather than signed JSON. */
export type ChatService = Reaching<"chat">;
/** The channels an admin may add an endpoint for. */
export type EndpointChannel = Reaching<"webhook" | "chat">;

export const chatServices = channels.filter((c): c is ChatService => channelSpecs[c].reach === "chat");
export const endpointChannels = channels.filter(
  (c): c is EndpointChannel => channelSpecs[c].reach !== "person",
);
