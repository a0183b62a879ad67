import type { CountryCode } from "libphonenumber-js/core";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { z } from "zod";
import { spellTimeZone } from "../read/zone-offsets.ts";
import { localeSchema, nameSchema } from "../schemas.ts";
import { messageKinds } from "../types.ts";

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(
    (tz) => spellTimeZone(tz) !== undefined,
    "must be an IANA time zone such as Europe/Paris or Etc/UTC",
  )
  // Saved as ICU spells it, which is how the offsets are looked up.
  .overwrite((tz) => spellTimeZone(tz) ?? tz)
  .meta({ example: "Europe/Paris" });

/** Incident and maintenance news; the code that confirms a number always goes, whatever this says. */
export const smsKindSchema = z
  .enum(messageKinds, { error: "must be an incident-* or maintenance-* message kind" })
  .exclude(["confirmation", "component-updated", "dependency-alert"], {
    error: "must be an incident-* or maintenance-* message kind",
  });

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);

// The generator drops the pattern of `z.email()`: it is documented by hand, from the same regex.
const emailAddress = z
  .email({ message: "must be an email address such as status@example.com" })
  .max(254, "must be at most 254 characters")
  .meta({ pattern: z.regexes.email.source });

/**
 * Shown as the sender's name: something to say, on one line, without what would end the name in a
 * From header. One pattern, checked before the trim, so that it is the one documented.
 */
const senderName = z
  .string()
  .regex(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    /^[^<>"\\\u0000-\u001f\u007f]*[^\s<>"\\\u0000-\u001f\u007f][^<>"\\\u0000-\u001f\u007f]*$/,
    'must be one line with something to say, without <, >, " or \\',
  )
  .trim()
  .max(100, "must be at most 100 characters");

/**
 * Countries whose numbers libphonenumber knows, as ISO 3166 alpha-2 codes (FR, GB, US): the
 * countries of its mobile examples (4 KiB), the same list as its metadata's, which takes some
 * 2 MiB once read and is read with the first phone number only.
 */
export const phoneCountrySchema = z.enum(Object.keys(mobileExamples) as [CountryCode, ...CountryCode[]], {
  error: "must be a two-letter country code such as FR, GB or US",
});

export const updateSettingsInput = z
  .strictObject({
    name: nameSchema.optional().meta({ example: "Acme Cloud" }),
    url: httpUrl.nullable().optional().meta({ description: "Public URL of the status page" }),
    time_zone: timeZoneSchema.optional(),
    default_locale: localeSchema.optional(),
    locales: z.array(localeSchema).min(1).max(10).optional(),
    logo_url: httpUrl.nullable().optional(),
    website_url: httpUrl.nullable().optional().meta({
      description: 'A "Website" link in the page\'s header (null: none)',
      example: "https://www.example.com",
    }),
    support_url: httpUrl.nullable().optional().meta({
      description: 'A "Support" link in the page\'s header (null: none)',
      example: "https://help.example.com/contact",
    }),
    publish_targets: z
      .array(
        z
          .string()
          .max(1024)
          .regex(
            /^(\/|rclone:[\w.-]+:)/,
            "must be an absolute directory path or rclone:<remote>:<path> (a remote from rclone config)",
          ),
      )
      .max(10)
      .optional()
      .meta({
        description: "Where each build is also published, besides this server",
        example: ["/var/www/status", "rclone:s3-backup:status-bucket"],
      }),
    accent_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #2563eb")
      .optional(),
    allow_private_targets: z
      .boolean({ error: "must be true or false" })
      .optional()
      .meta({
        description:
          "Let webhooks, chat and dependency checks reach loopback and private network addresses " +
          "(on-premises installs only; off by default to block SSRF)",
      }),
    sms_kinds: z
      .array(smsKindSchema)
      .max(10)
      .optional()
      .meta({
        description: "Which messages also go by SMS (each costs money); [] sends none but the codes",
        example: ["incident-created", "incident-resolved", "maintenance-started"],
      }),
    phone_country: phoneCountrySchema.nullable().optional().meta({
      description:
        "Country of phone numbers typed without + and a country code (null: the default language's, FR for French, US for English)",
      example: "FR",
    }),
    email_from_name: senderName.nullable().optional().meta({
      description: "Sender name of subscriber emails (null: the page name)",
      example: "Acme status",
    }),
    email_from_address: emailAddress
      .nullable()
      .optional()
      .meta({ description: "Sender address of subscriber emails (null: the address of EMAIL_FROM)" }),
    email_reply_to: emailAddress
      .nullable()
      .optional()
      .meta({ description: "Where replies go (null: to the sender)", example: "support@example.com" }),
    sms_budget_per_hour: z.int({ error: "must be a whole number" }).min(0).max(100_000).optional().meta({
      description:
        "Confirmation-code SMS the page sends per hour, all numbers together (0: none); the on-call contacts are alerted when it is reached",
      example: 30,
    }),
    sms_budget_per_day: z
      .int({ error: "must be a whole number" })
      .min(0)
      .max(1_000_000)
      .optional()
      .meta({ description: "The same budget per day", example: 150 }),
    sms_countries: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code (ISO 3166-1), e.g. FR")
          .transform((c) => c.toUpperCase()),
      )
      .max(250)
      .nullable()
      .optional()
      .meta({
        description:
          "Countries whose mobile numbers may subscribe by SMS; null: the countries of the page's languages",
        example: ["FR", "BE", "CH"],
      }),
  })
  .meta({ id: "UpdateSettingsInput" });
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;
