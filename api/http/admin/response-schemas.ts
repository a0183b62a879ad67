import { z } from "zod";
import { componentStatusSchema, impactSchema, localeSchema, roleSchema } from "../../domain/schemas.ts";
import { nullable } from "./openapi-helpers.ts";

/** Documentation of what the admin API returns (the public shapes plus admin-only fields). */

const timestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: "ISO 8601 with the page's offset", example: "2026-11-27T14:00:00.000Z" });

const translationMap = z.partialRecord(localeSchema, z.string());

export const componentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: componentStatusSchema,
    created_at: timestamp,
    updated_at: timestamp,
    position: z.int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional().meta({ description: "Child ids, on groups only" }),
    name_translations: translationMap
      .optional()
      .meta({ description: "The name per locale (in the component routes' answers)" }),
    description_translations: translationMap
      .optional()
      .meta({ description: "The description per locale (in the component routes' answers)" }),
  })
  .meta({ id: "Component" });

export const componentListSchema = z
  .object({ components: z.array(componentSchema) })
  .meta({ id: "ComponentList" });

const affectedComponentSchema = z.object({
  code: z.string(),
  name: z.string(),
  old_status: componentStatusSchema,
  new_status: componentStatusSchema,
});

export const incidentUpdateSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    body: z.string(),
    incident_id: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    display_at: timestamp,
    affected_components: z.array(affectedComponentSchema).nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.null(),
    tweet_id: z.null(),
    translations: z.partialRecord(localeSchema, z.string()).optional(),
  })
  .meta({ id: "IncidentUpdate" });

export const incidentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    monitoring_at: timestamp.nullable(),
    resolved_at: timestamp.nullable(),
    impact: z.union([impactSchema, z.literal("maintenance")]),
    impact_override: nullable(impactSchema),
    shortlink: z.string(),
    started_at: timestamp,
    page_id: z.string(),
    incident_updates: z.array(incidentUpdateSchema),
    components: z.array(componentSchema),
    reminder_intervals: z.null(),
    scheduled_for: timestamp.nullable().optional(),
    scheduled_until: timestamp.nullable().optional(),
    scheduled_remind_prior: z.boolean().optional(),
    scheduled_reminded_at: timestamp.nullable().optional(),
    scheduled_auto_in_progress: z.boolean().optional(),
    scheduled_auto_completed: z.boolean().optional(),
    published: z.boolean(),
    backfilled: z.boolean(),
    postmortem_body: z.string().nullable(),
    postmortem_published_at: timestamp.nullable(),
    name_translations: z.partialRecord(localeSchema, z.string()),
  })
  .meta({ id: "Incident" });

export const incidentListSchema = z
  .object({ incidents: z.array(incidentSchema) })
  .meta({ id: "IncidentList" });
export const maintenanceListSchema = z
  .object({ scheduled_maintenances: z.array(incidentSchema) })
  .meta({ id: "MaintenanceList" });

export const settingsSchema = z
  .object({
    page_id: z.string(),
    name: z.string(),
    url: z.string().nullable(),
    time_zone: z.string(),
    default_locale: localeSchema,
    locales: z.array(localeSchema),
    logo_url: z.string().nullable(),
    website_url: z.string().nullable().meta({ description: 'The header\'s "Website" link' }),
    support_url: z.string().nullable().meta({ description: 'The header\'s "Support" link' }),
    accent_color: z.string(),
    publish_targets: z.array(z.string()),
    allow_private_targets: z.boolean(),
    sms_kinds: z.array(z.string()).meta({ description: "Which messages also go by SMS" }),
    phone_country: z.string().nullable(),
    email_from_name: z.string().nullable(),
    email_from_address: z.string().nullable(),
    email_reply_to: z.string().nullable(),
    sms_budget_per_hour: z.number().int(),
    sms_budget_per_day: z.number().int(),
    sms_countries: z.array(z.string()).nullable(),
    sms_countries_in_effect: z.array(z.string()).meta({
      description: "The countries SMS subscriptions are accepted from (sms_countries or the default)",
    }),
    updated_at: timestamp,
  })
  .meta({ id: "Settings" });

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    prefix: z.string().meta({ description: "The first characters of the token, to recognise it" }),
    created_at: timestamp,
    last_used_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
  })
  .meta({ id: "Token" });

export const createdTokenSchema = z
  .object({
    token: z.string().meta({ description: "The secret, shown this once only" }),
    info: tokenSchema,
  })
  .meta({ id: "CreatedToken" });

export const auditEntrySchema = z
  .object({
    id: z.int(),
    at: timestamp,
    actor: z.string(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: "AuditEntry" });
