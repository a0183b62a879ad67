import { z } from "zod";
import { locales } from "../../../db/schema/enums.ts";

export const templatePartNames = ["subject", "html", "text", "sms"] as const;
export type TemplatePartName = (typeof templatePartNames)[number];

const source = z.string().optional();
export const templateSourcesSchema = z.strictObject({
  subject: source,
  html: source,
  text: source,
  sms: source,
});
export type TemplateSources = z.infer<typeof templateSourcesSchema>;

/** One template (a message key in a locale): the parts an admin wrote, or the parts to reset. */
export const saveOverridesInput = z.strictObject({
  key: z.string(),
  locale: z.enum(locales),
  sources: templateSourcesSchema,
});
export const resetOverridesInput = z.strictObject({
  key: z.string(),
  locale: z.enum(locales),
  /** The email's three parts when absent. */
  parts: z.array(z.enum(templatePartNames)).readonly().optional(),
});
