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

/**
 * Text that must say something. The check runs before the trim so that it is the one documented
 * (`pattern: \S`): `minLength: 1` alone would promise that "  " is accepted.
 */
const someText = (max: number) => z.string().regex(/\S/, "must not be empty or blank").trim().max(max);

/**
 * C0 control characters (a bell, a NUL, an escape…) are not allowed in XML at all: one of them in a
 * name would make every feed unreadable. Multi-line text keeps tab and line breaks. Each check is a
 * refinement with its own message; the document gets one pattern saying both rules, as the fuzzer
 * and clients read it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const lineControls = /[\u0000-\u001f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const textControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const linePattern = String.raw`^[^\u0000-\u001f]*[^\s\u0000-\u001f][^\u0000-\u001f]*$`;
const textPattern = String.raw`^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*[^\s\u0000-\u001f][^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$`;
const oneLine = <T extends z.ZodType<string>>(schema: T) =>
  schema
    .refine(
      (v) => !lineControls.test(v),
      "must not contain control characters (U+0000 to U+001F); remove them",
    )
    .meta({ pattern: linePattern });
const anyTextPattern = String.raw`^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$`;
const multiLine = <T extends z.ZodType<string>>(schema: T, pattern = textPattern) =>
  schema
    .refine(
      (v) => !textControls.test(v),
      "must not contain control characters (U+0000 to U+001F) other than tab and line breaks; remove them",
    )
    .meta({ pattern });

export const nameSchema = oneLine(someText(255));
export const descriptionSchema = multiLine(z.string().max(10_000), anyTextPattern).nullable();
/** Markdown bodies: generous but bounded. */
export const bodySchema = multiLine(someText(100_000));

/**
 * Times are shown in the page's time zone: before 1970 zones had odd local-mean-time offsets, and a
 * year outside 0000–9999 once shifted by ±14 h cannot be written as ISO 8601 at all.
 */
const year1970To8999 = /^(19[7-9]\d|[2-8]\d{3})-/;

export const isoDateTimeSchema = z.iso
  .datetime({
    offset: true,
    message: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-27T14:00:00Z",
    abort: true, // one message for "tomorrow", not also the years
  })
  // A refinement, not `.regex()`: that would replace `format: date-time` in the document. The pattern
  // is documented by hand next to it, from the same regex.
  .refine((v) => year1970To8999.test(v), "must be between the years 1970 and 8999")
  .meta({ example: "2026-11-27T14:00:00Z", pattern: year1970To8999.source });

export const isoDateSchema = z.iso
  .date({ message: "must be a date YYYY-MM-DD" })
  .meta({ example: "2026-01-31" });

/** `{ fr: "…" }`: per-locale text next to the original. */
export const translationsSchema = z.partialRecord(localeSchema, multiLine(someText(100_000))).meta({
  description: "Text per locale, shown to readers of that locale",
  example: { fr: "Nous enquêtons." },
  // The generator lists the locales as properties but would let any other key through on paper.
  additionalProperties: false,
});

/** `{ "<component id>": "<status>" }` */
export const componentStatusMapSchema = z
  .record(componentIdSchema, componentStatusSchema)
  .refine((m) => Object.keys(m).length <= 1000, "at most 1000 components")
  .meta({
    description: "New status per affected component id",
    example: { cmp_8f2k1w0q9z7x3m4n: "partial_outage" },
  });

/** `{ fr: "…" }` for names: one line each, as the name itself. */
export const nameTranslationsSchema = z.partialRecord(localeSchema, oneLine(someText(100_000))).meta({
  description: "Name per locale, shown to readers of that locale",
  example: { fr: "Erreurs au paiement" },
  additionalProperties: false,
});

/**
 * A record named by its id as an entry point got it (a path, a form): any string, so an unknown one
 * is `not_found`, never `invalid_input`.
 */
export const recordIdSchema = z.string();
export const byIdInput = z.strictObject({ id: recordIdSchema });

/** A page of a list: at most `limit`, after the `next_cursor` of the previous page. */
export const pageInput = z.strictObject({
  limit: z.int().min(1).max(500),
  after: z.string().optional(),
});
