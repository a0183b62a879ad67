import { z } from "zod";
import { incidentKinds } from "../../../db/schema/enums.ts";
import {
  bodySchema,
  componentIdSchema,
  componentStatusMapSchema,
  impactSchema,
  incidentStatusSchema,
  isoDateTimeSchema,
  maintenanceStatusSchema,
  nameSchema,
  nameTranslationsSchema,
  translationsSchema,
} from "../schemas.ts";

const openingStatus = incidentStatusSchema.exclude(["postmortem"]);
const deliverNotifications = z
  .boolean()
  .optional()
  .meta({ description: "Notify subscribers of this update (default true)" });

export const createIncidentInput = z
  .strictObject({
    name: nameSchema.meta({ example: "Elevated error rates on checkout" }),
    status: openingStatus.optional().meta({ description: "Default investigating" }),
    impact: impactSchema
      .nullable()
      .optional()
      .meta({ description: "Overrides the impact derived from the affected components" }),
    body: bodySchema.meta({ example: "We are investigating failed payments." }),
    components: componentStatusMapSchema.optional(),
    deliver_notifications: deliverNotifications,
    backfilled_at: isoDateTimeSchema
      .optional()
      .meta({ description: "Record a past incident: it starts at this time and notifies nobody" }),
    resolved_at: isoDateTimeSchema.optional().meta({
      description: "With backfilled_at: when it was resolved; status must then be resolved or left out",
    }),
    name_translations: nameTranslationsSchema.optional(),
    body_translations: translationsSchema.optional(),
  })
  .meta({ id: "CreateIncidentInput" });
export type CreateIncidentInput = z.infer<typeof createIncidentInput>;

const updateFields = {
  body: bodySchema,
  components: componentStatusMapSchema.optional(),
  deliver_notifications: deliverNotifications,
  display_at: isoDateTimeSchema.optional().meta({ description: "Shown time of the update (default now)" }),
  body_translations: translationsSchema.optional(),
};

/** An incident's update: what the incident routes accept and document. */
export const postIncidentUpdateInput = z
  .strictObject({ status: openingStatus, ...updateFields })
  .meta({ id: "PostIncidentUpdateInput" });

/** A maintenance's update: its own statuses, which an incident refuses (and the other way round). */
export const postMaintenanceUpdateInput = z
  .strictObject({ status: maintenanceStatusSchema, ...updateFields })
  .meta({ id: "PostMaintenanceUpdateInput" });

/** Either family, for a form that checks the kind itself (the domain refuses the other family's). */
export const postUpdateInput = z.strictObject({
  // One enum, not a union of two: a wrong value then gets "expected one of …", not "Invalid input".
  status: z.enum([...openingStatus.options, ...maintenanceStatusSchema.options]),
  ...updateFields,
});
export type PostUpdateInput = z.infer<typeof postUpdateInput>;

export const resolveIncidentInput = z
  .strictObject({
    body: bodySchema.optional().meta({ description: 'Default "This incident has been resolved."' }),
    components: componentStatusMapSchema
      .optional()
      .meta({ description: "Default: every affected component back to operational" }),
    deliver_notifications: deliverNotifications,
    body_translations: translationsSchema.optional(),
  })
  .meta({ id: "ResolveIncidentInput" });
export type ResolveIncidentInput = z.infer<typeof resolveIncidentInput>;

export const postmortemInput = z
  .strictObject({
    body: bodySchema,
    publish: z.boolean().optional().meta({ description: "Publish now (default true); false keeps a draft" }),
  })
  .meta({ id: "PostmortemInput" });
export type PostmortemInput = z.infer<typeof postmortemInput>;

export const updateIncidentInput = z
  .strictObject({
    name: nameSchema.optional(),
    impact: impactSchema.nullable().optional().meta({ description: "null removes the override" }),
    name_translations: nameTranslationsSchema.optional(),
  })
  .meta({ id: "UpdateIncidentInput" });
export type UpdateIncidentInput = z.infer<typeof updateIncidentInput>;

export const scheduleMaintenanceInput = z
  .strictObject({
    name: nameSchema.meta({ example: "Database upgrade" }),
    body: bodySchema.meta({ example: "We will upgrade the primary database." }),
    scheduled_for: isoDateTimeSchema,
    scheduled_until: isoDateTimeSchema,
    components: z
      .array(componentIdSchema)
      .max(1000)
      .optional()
      .meta({ description: "Affected component ids" }),
    auto_start: z.boolean().optional().meta({ description: "Start at scheduled_for (default true)" }),
    auto_complete: z.boolean().optional().meta({ description: "Complete at scheduled_until (default true)" }),
    remind_prior_minutes: z
      .int()
      .min(0)
      .max(10_080)
      .nullable()
      .optional()
      .meta({ description: "Default 60" }),
    deliver_notifications: deliverNotifications,
    name_translations: nameTranslationsSchema.optional(),
    body_translations: translationsSchema.optional(),
  })
  .meta({ id: "ScheduleMaintenanceInput" });
export type ScheduleMaintenanceInput = z.infer<typeof scheduleMaintenanceInput>;

export const updateMaintenanceInput = z
  .strictObject({
    name: nameSchema.optional(),
    scheduled_for: isoDateTimeSchema.optional(),
    scheduled_until: isoDateTimeSchema.optional(),
    components: z.array(componentIdSchema).max(1000).optional(),
    auto_start: z.boolean().optional(),
    auto_complete: z.boolean().optional(),
    remind_prior_minutes: z.int().min(0).max(10_080).nullable().optional(),
    name_translations: nameTranslationsSchema.optional(),
  })
  .meta({ id: "UpdateMaintenanceInput" });
export type UpdateMaintenanceInput = z.infer<typeof updateMaintenanceInput>;

export const publishIncidentInput = z
  .strictObject({
    name: nameSchema.optional().meta({ description: "Replaces the drafted name" }),
    name_translations: nameTranslationsSchema.optional(),
    body: bodySchema.optional().meta({ description: "Replaces the body of the first update" }),
    body_translations: translationsSchema
      .optional()
      .meta({ description: "Replace the first update's translations; kept as drafted when omitted" }),
    components: componentStatusMapSchema.optional().meta({
      description:
        "Component statuses to apply; default: the statuses the draft proposes, never lowering a status that is already worse",
    }),
    deliver_notifications: deliverNotifications,
  })
  .meta({ id: "PublishIncidentInput" });
export type PublishIncidentInput = z.infer<typeof publishIncidentInput>;

/*
 * What the verbs take: the bodies above (which the HTTP API documents) with what the path names.
 */
const recordId = z.string();
const kind = z.enum(incidentKinds);
export const postUpdateByIdInput = postUpdateInput.extend({ kind, id: recordId });
export const resolveIncidentByIdInput = resolveIncidentInput.extend({ id: recordId });
export const postmortemByIdInput = postmortemInput.extend({ id: recordId });
export const updateIncidentByIdInput = updateIncidentInput.extend({ id: recordId });
export const publishIncidentByIdInput = publishIncidentInput.extend({ id: recordId });
export const updateMaintenanceByIdInput = updateMaintenanceInput.extend({ id: recordId });
export const deleteIncidentInput = z.strictObject({ kind, id: recordId });
