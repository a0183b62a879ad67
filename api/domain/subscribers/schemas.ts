import { z } from "zod";
import { componentIdSchema, localeSchema } from "../schemas.ts";

export const emailAddressSchema = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ message: "must be an email address such as ada@example.com" }))
  .meta({ example: "ada@example.com" });

const emailSubscription = z.strictObject({
  channel: z.literal("email"),
  address: emailAddressSchema,
  components: z
    .array(componentIdSchema)
    .max(1000)
    .optional()
    .meta({ description: "Only these components; omit for everything" }),
  locale: localeSchema.optional().meta({ description: "Language of the messages (default: the page's)" }),
});

/** A discriminated union on `channel`: SMS, webhook and chat channels join it later. */
export const subscribeInput = z
  .discriminatedUnion("channel", [emailSubscription])
  .meta({ id: "SubscribeInput" });
export type SubscribeInput = z.infer<typeof subscribeInput>;

export const preferencesInput = z
  .strictObject({
    components: z.array(componentIdSchema).max(1000).optional(),
    locale: localeSchema.optional(),
  })
  .meta({ id: "SubscriberPreferencesInput" });
export type PreferencesInput = z.infer<typeof preferencesInput>;
