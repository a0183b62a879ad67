import type { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { zodDetails } from "../../web/errors.ts";
import { fieldErrors } from "./form-errors.tsx";

/**
 * Validates what a form produced with the domain's own input schema. A failure becomes the same
 * `invalid_input` error a domain verb throws, so `fieldErrors()` puts each message next to its field.
 */
export function parseForm<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error);
  throw new DomainError("invalid_input", details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}

/** A checkbox is sent only when ticked. */
export const checked = (value: string) => value === "on" || value === "true";

/** An optional text field: blank means "not given". */
export const optional = (value: string) => (value.trim() === "" ? undefined : value);

/** The status a re-rendered form answers with: 409 for a conflict, else 422. */
export const formStatus = (error: unknown) =>
  error instanceof DomainError && (error.code === "conflict" || error.code === "invalid_transition")
    ? 409
    : 422;

/**
 * Per-field messages for a form to show, or null for an error the console's error page handles.
 * A reference to something missing (a deleted group) is the form's problem too: said above it.
 */
export function formErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === "invalid_reference" || error.code === "invalid_transition")
    return { _form: error.message };
  return fieldErrors(error);
}

/**
 * The end of a form handler's `catch`: an error the form can explain shows it `again`, with each
 * message next to its field and 409 or 422; anything else is not the user's to fix and is rethrown.
 */
export function refusedForm<R>(
  error: unknown,
  again: (errors: Record<string, string>, status: 409 | 422) => R,
): R {
  const errors = formErrors(error);
  if (!errors) throw error;
  return again(errors, formStatus(error));
}
