import { z } from "zod";
import {
  componentStatuses,
  impacts,
  incidentStatuses,
  locales,
  maintenanceStatuses,
  roles,
} from "../../db/schema/enums.ts";

/** Shared building blocks for every input schema (zod is the single source for validation and OpenAPI). */

export const componentStatusSchema = z.enum(componentStatuses).meta({ id: "ComponentStatus" });
export const incidentStatusSchema = z.enum(incidentStatuses).meta({ id: "IncidentStatus" });
export const maintenanceStatusSchema = z.enum(maintenanceStatuses).meta({ id: "MaintenanceStatus" });
export const impactSchema = z.enum(impacts).meta({ id: "Impact" });
export const roleSchema = z.enum(roles).meta({ id: "Role" });
export const localeSchema = z.enum(locales).meta({ id: "Locale" });

export const idSchema = (prefix: string, example: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .meta({ description: `A ${prefix}_… id`, example });

export const componentIdSchema = idSchema("cmp", "cmp_8f2k1w0q9z7x3m4n");

export const nameSchema = z.string().trim().min(1, "must not be empty").max(255);
export const descriptionSchema = z.string().max(10_000).nullable();
/** Markdown bodies: generous but bounded. */
export const bodySchema = z.string().trim().min(1, "must not be empty").max(100_000);

export const isoDateTimeSchema = z.iso
  .datetime({
    offset: true,
    message: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-27T14:00:00Z",
  })
  .meta({ example: "2026-11-27T14:00:00Z" });

export const isoDateSchema = z.iso
  .date({ message: "must be a date YYYY-MM-DD" })
  .meta({ example: "2026-01-31" });

/** `{ fr: "…" }`: per-locale text next to the original. */
export const translationsSchema = z.partialRecord(localeSchema, z.string().trim().min(1).max(100_000)).meta({
  description: "Text per locale, shown to readers of that locale",
  example: { fr: "Nous enquêtons." },
});

/** `{ "<component id>": "<status>" }` */
export const componentStatusMapSchema = z
  .record(componentIdSchema, componentStatusSchema)
  .refine((m) => Object.keys(m).length <= 1000, "at most 1000 components")
  .meta({
    description: "New status per affected component id",
    example: { cmp_8f2k1w0q9z7x3m4n: "partial_outage" },
  });
