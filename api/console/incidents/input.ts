import type { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { statusOfCode, zodDetails } from "../../web/errors.ts";
import type { FormErrors } from "../kit/index.ts";

/** Where a domain input path is typed in the console's forms. */
export function fieldOf(path: string): string {
  const [head, second] = path.split(".");
  if (head === "name_translations" || head === "body_translations") return `${head.split("_")[0]}_${second}`;
  if (head === "components" && second) return `component-${second}`;
  return head ?? "_form";
}

export type Parsed<T> = { ok: true; input: T } | { ok: false; errors: FormErrors };

/** Validates with the domain's own input schema, so the console and the API refuse the same things. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, input: result.data };
  const errors: FormErrors = { _form: "Some fields need fixing; see the messages next to them." };
  for (const d of zodDetails(result.error)) {
    const field = fieldOf(d.path);
    errors[field] ??= field === "_form" ? d.message : capitalised(d.message);
  }
  return { ok: false, errors };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Refusals a form can explain (bad input, a conflict); anything else is not the user's to fix. */
export function refusalOf(error: unknown): { errors: FormErrors; status: 409 | 422 } | null {
  if (!(error instanceof DomainError)) return null;
  if (!["invalid_input", "invalid_reference", "conflict", "invalid_transition"].includes(error.code))
    return null;
  const errors: FormErrors = { _form: error.message };
  for (const d of error.details ?? []) errors[fieldOf(d.path)] ??= capitalised(d.message);
  return { errors, status: statusOfCode[error.code] === 409 ? 409 : 422 };
}

/** Browsers send a text area's line breaks as CRLF; bodies are stored with LF, as the API gets them. */
export const lines = (value: string) => value.replace(/\r\n?/g, "\n");

/** A text field's value, or undefined when left blank (optional translations). */
export const optional = (value: string) => (value.trim() === "" ? undefined : value);

/** `{ fr: text }` when a French text was given, else nothing. */
export const french = (value: string) => (optional(value) === undefined ? undefined : { fr: value });
