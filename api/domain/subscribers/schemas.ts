import { z } from "zod";
import { componentIdSchema, localeSchema, pageInput, recordIdSchema } from "../schemas.ts";
import type { Channel } from "../types.ts";
import { channels } from "../types.ts";
import { chatUrlSchema, phoneSchema, webhookUrlSchema } from "./channel-addresses.ts";
import { type ChatService, endpointChannels } from "./channel-specs.ts";

export const emailAddressSchema = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ message: "must be an email address such as ada@example.com" }))
  .meta({ example: "ada@example.com" });

const components = z
  .array(componentIdSchema)
  .max(1000)
  .optional()
  .meta({ description: "Only these components; omit for everything" });
const locale = localeSchema
  .optional()
  .meta({ description: "Language of the messages (default: the page's)" });

const emailSubscription = z.strictObject({
  channel: z.literal("email"),
  address: emailAddressSchema,
  components,
  locale,
});
const smsSubscription = z.strictObject({ channel: z.literal("sms"), phone: phoneSchema, components, locale });
/** Webhook payloads are JSON for machines: no language. */
const webhookSubscription = z.strictObject({
  channel: z.literal("webhook"),
  url: webhookUrlSchema,
  components,
});
const chatSubscription = <C extends ChatService>(channel: C) =>
  z.strictObject({ channel: z.literal(channel), url: chatUrlSchema(channel), components, locale });

/** Each channel's subscription: the channel's own address field, checked its own way. */
export const subscriptions = {
  email: emailSubscription,
  sms: smsSubscription,
  webhook: webhookSubscription,
  slack: chatSubscription("slack"),
  discord: chatSubscription("discord"),
  teams: chatSubscription("teams"),
} satisfies Record<Channel, z.ZodObject>;
type Subscription = (typeof subscriptions)[Channel];
type EndpointChannelOf<S> = S extends { shape: { url: unknown } } ? S : never;

const [first, ...rest] = Object.values(subscriptions) as Subscription[];

/** A discriminated union on `channel`: each channel names its own address field. */
export const subscribeInput = z
  .discriminatedUnion("channel", [first!, ...rest])
  .meta({ id: "SubscribeInput" });
export type SubscribeInput = z.infer<typeof subscribeInput>;

/**
 * What an admin adds directly: a webhook or chat endpoint, active at once. One object (the URL's
 * shape depends on the channel and is checked by `addEndpoint`).
 */
export const addEndpointInput = z
  .strictObject({
    channel: z.enum(endpointChannels),
    url: z.string().max(2048).meta({ example: "http://10.0.0.12:8080/hooks/status" }),
    components,
    locale: locale.meta({ description: "Chat channels: the language of the messages" }),
  })
  .meta({ id: "AddEndpointInput" });
export type AddEndpointInput = z.infer<typeof addEndpointInput>;

const [firstEndpoint, ...otherEndpoints] = endpointChannels.map(
  (channel) => subscriptions[channel],
) as EndpointChannelOf<Subscription>[];

/** Each channel's own check of an endpoint's URL (webhook: any http(s) URL; chat: the service's). */
export const endpointInput = z.discriminatedUnion("channel", [firstEndpoint!, ...otherEndpoints]);
export type EmailSubscribeInput = Extract<SubscribeInput, { channel: "email" }>;
export type SmsSubscribeInput = Extract<SubscribeInput, { channel: "sms" }>;
export type EndpointSubscribeInput = Extract<SubscribeInput, { url: string }>;

/** The code texted to a number, posted back to confirm it. */
export const verifyInput = z
  .strictObject({
    phone: phoneSchema,
    code: z
      .string()
      .transform((v) => v.replace(/\s/g, ""))
      .pipe(z.string().regex(/^\d{6}$/, "must be the 6 digits of the code we sent by SMS")),
  })
  .meta({ id: "SubscriberVerifyInput" });
export type VerifyInput = z.infer<typeof verifyInput>;

export const preferencesInput = z
  .strictObject({
    components: z.array(componentIdSchema).max(1000).optional(),
    locale: localeSchema.optional(),
  })
  .meta({ id: "SubscriberPreferencesInput" });
export type PreferencesInput = z.infer<typeof preferencesInput>;

/** A subscriber's signed link token (confirm or manage), as the link carried it. */
export const tokenInput = z.strictObject({ token: z.string() });
/** The manage page's form (`preferencesInput`, what the API documents) and the link it came with. */
export const preferencesByTokenInput = preferencesInput.extend({ token: z.string() });

/** A text a subscriber sent back to the page's number. */
export const inboundSmsInput = z.strictObject({ from: z.string(), body: z.string() });

/** Who would hear of a message about these components, on these channels. */
export const recipientCountInput = z.strictObject({
  /** The components the message is about: their followers hear of it, as do those who follow everything. */
  componentIds: z.array(z.string()),
  /** The channels this kind of message goes out on (SMS only for the kinds the settings allow). */
  channels: z.array(z.enum(channels)).readonly(),
});

export const searchSubscribersInput = pageInput.extend({
  /** Part of the address (email, phone number or URL), any case; every subscriber when blank. */
  q: z.string().optional(),
});

export const getSubscriberInput = z.strictObject({
  id: recordIdSchema,
  limit: z.int().min(1).max(500),
  /** The `nextCursor` of the previous page: older deliveries. */
  before: z.string().optional(),
});

/** The lines of an import file: each its line number and its fields by column name. */
export const importSubscribersInput = z.strictObject({
  lines: z.array(z.strictObject({ line: z.int(), fields: z.record(z.string(), z.string()) })),
});
