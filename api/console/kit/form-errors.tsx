import { DomainError } from "../../domain/errors.ts";

/** Field errors keyed by form field name; `_form` holds what belongs to no single field. */
export type FormErrors = Record<string, string>;

const verbs = /^(must|is|are|does|do|has|have|cannot|can't|should|was)\b/;

/**
 * A field's problem as a whole sentence naming the field: the domain's messages are fragments
 * ("must be at least 12 characters long") meant to follow a field's name; others get the name
 * before them, so the list of problems above a form still says which field each is about.
 */
export function asSentence(label: string, message: string): string {
  const text = message.trim();
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  const joined = verbs.test(text) ? `${name} ${text}` : `${name}: ${text}`;
  return /[.!?]$/.test(joined) ? joined : `${joined}.`;
}

/** Per-field messages of a validation error, to show next to each field; null for other errors. */
export function fieldErrors(error: unknown): FormErrors | null {
  if (!(error instanceof DomainError) || (error.code !== "invalid_input" && error.code !== "conflict"))
    return null;
  const out: FormErrors = {};
  for (const d of error.details ?? []) out[d.path] = d.message;
  if (!error.details?.length) out._form = error.message;
  return out;
}

/** Every problem of a submitted form, first thing in it, announced to screen readers. */
export function ErrorSummary({
  errors,
  labelOf = (path) => path.replaceAll("_", " "),
}: {
  errors: FormErrors;
  /** How a field is named in the list; by default its name with spaces. */
  labelOf?: (path: string) => string;
}) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="notice error" role="alert">
      <p>Please fix:</p>
      <ul>
        {entries.map(([path, message]) => (
          <li>{path === "_form" ? message : asSentence(labelOf(path), message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** What went wrong with the form as a whole, read out as soon as the page shows. */
export const FormError = ({ errors }: { errors: FormErrors }) =>
  errors._form ? (
    <p class="notice error" role="alert">
      {errors._form}
    </p>
  ) : null;
