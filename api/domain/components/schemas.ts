import { z } from "zod";
import {
  componentIdSchema,
  componentStatusSchema,
  descriptionSchema,
  isoDateSchema,
  nameSchema,
  nameTranslationsSchema,
  translationsSchema,
} from "../schemas.ts";

const translated = {
  name_translations: nameTranslationsSchema
    .optional()
    .meta({ description: 'The name per locale, e.g. {"fr": "Paiement"}; the whole map is replaced' }),
  description_translations: translationsSchema.optional().meta({
    description: 'The description per locale, e.g. {"fr": "Cartes et SEPA"}; the whole map is replaced',
  }),
};

export const createComponentInput = z
  .strictObject({
    name: nameSchema.meta({ example: "API" }),
    description: descriptionSchema.optional(),
    ...translated,
    status: componentStatusSchema.optional(),
    group_id: componentIdSchema
      .nullable()
      .optional()
      .meta({ description: "The group this component belongs to" }),
    position: z
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .meta({ description: "Order within its group; default last" }),
    showcase: z.boolean().optional().meta({ description: "Show the uptime bar on the page" }),
    only_show_if_degraded: z.boolean().optional(),
    start_date: isoDateSchema
      .nullable()
      .optional()
      .meta({ description: "Uptime history starts on this date" }),
  })
  .meta({ id: "CreateComponentInput" });
export type CreateComponentInput = z.infer<typeof createComponentInput>;

export const updateComponentInput = createComponentInput.partial().meta({ id: "UpdateComponentInput" });
export type UpdateComponentInput = z.infer<typeof updateComponentInput>;

export const createGroupInput = z
  .strictObject({
    name: nameSchema.meta({ example: "Payments" }),
    description: descriptionSchema.optional(),
    ...translated,
    position: z.int().min(0).max(100_000).optional(),
    components: z
      .array(componentIdSchema)
      .max(1000)
      .optional()
      .meta({ description: "Components to move into the group" }),
  })
  .meta({ id: "CreateGroupInput" });
export type CreateGroupInput = z.infer<typeof createGroupInput>;

export const updateGroupInput = createGroupInput.partial().meta({ id: "UpdateGroupInput" });
export type UpdateGroupInput = z.infer<typeof updateGroupInput>;

export const reorderComponentsInput = z
  .strictObject({
    group_id: componentIdSchema
      .nullable()
      .meta({ description: "The group to reorder; null for the top level" }),
    order: z
      .array(componentIdSchema)
      .min(1)
      .max(1000)
      .meta({ description: "Every id of that level, in the new order" }),
  })
  .meta({ id: "ReorderComponentsInput" });
export type ReorderComponentsInput = z.infer<typeof reorderComponentsInput>;

/*
 * What the verbs take: the bodies above (which the HTTP API documents) with what the path names.
 */
const recordId = z.string();
export const updateComponentByIdInput = updateComponentInput.extend({ id: recordId });
export const updateGroupByIdInput = updateGroupInput.extend({ id: recordId });
export const deleteComponentInput = z.strictObject({ id: recordId, kind: z.enum(["component", "group"]) });
export const moveComponentInput = z.strictObject({ id: recordId, direction: z.enum(["up", "down"]) });
