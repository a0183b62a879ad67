import { z } from "zod";
import { localeSchema, nameSchema } from "../schemas.ts";
import { messageKinds } from "../types.ts";

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Paris or Etc/UTC")
  .meta({ example: "Europe/Paris" });

/** Incident and maintenance news; the code that confirms a number always goes, whatever this says. */
export const smsKindSchema = z
  .enum(messageKinds, { error: "must be an incident-* or maintenance-* message kind" })
  .exclude(["confirmation", "component-updated", "dependency-alert"], {
    error: "must be an incident-* or maintenance-* message kind",
  });

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);

export const updateSettingsInput = z
  .strictObject({
    name: nameSchema.optional().meta({ example: "Acme Cloud" }),
    url: httpUrl.nullable().optional().meta({ description: "Public URL of the status page" }),
    time_zone: timeZoneSchema.optional(),
    default_locale: localeSchema.optional(),
    locales: z.array(localeSchema).min(1).max(10).optional(),
    logo_url: httpUrl.nullable().optional(),
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
