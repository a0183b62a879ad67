import { channelSpecs, type SubscriberMessageKind } from "../subscribers/channel-specs.ts";
import { type Channel, channels } from "../types.ts";

/**
 * Who hears of each kind of message, as each channel's spec says: SMS costs money (admins choose
 * which kinds it carries, and it comes last), component changes are for webhooks.
 */
export function channelsFor(kind: SubscriberMessageKind, smsKinds: string[]): Channel[] {
  const hearing = channels.filter((c) => (channelSpecs[c].hears as readonly string[]).includes(kind));
  const chosen = smsKinds.includes(kind) ? hearing.filter((c) => channelSpecs[c].optIn) : [];
  return [...hearing.filter((c) => !channelSpecs[c].optIn), ...chosen];
}
