import { z } from "zod";
import { componentIdSchema, localeSchema } from "../schemas.ts";
import type { Channel } from "../types.ts";
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
