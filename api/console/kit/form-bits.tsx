import type { Child } from "hono/jsx";

/** Form controls beside kit.tsx's `Field`: selects, checkboxes, text areas, and an error summary. */

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

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

function HintAndError({
  id,
  label,
  hint,
  error,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="notice error" id={`${id}-error`}>
          {asSentence(label, error)}
        </p>
      )}
    </>
  );
}

export interface SelectFieldProps {
  label: string;
  name: string;
  options: readonly (string | { value: string; label: string })[];
  value?: string | undefined;
  hint?: string;
  error?: string | undefined;
  /** The id of a submit button the console's script presses when the choice changes. */
  submitWith?: string;
}

export function SelectField({ label, name, options, value, hint, error, submitWith }: SelectFieldProps) {
  const id = `f-${name}`;
  return (
    <div>
      <label for={id}>{label}</label>
      <HintAndError id={id} label={label} hint={hint} error={error} />
      <select
        id={id}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-submit={submitWith}
      >
        {options.map((o) => {
          const { value: v, label: l } =
            typeof o === "string" ? { value: o, label: o.replaceAll("_", " ") } : o;
          return (
            <option value={v} selected={v === value}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** A checkbox inside its label (the stylesheet's `label.check`); a hint below it. */
export function CheckboxField({
  label,
  name,
  checked,
  hint,
}: {
  label: string;
  name: string;
  checked: boolean;
  hint?: string;
}) {
  const id = `f-${name}`;
  return (
    <div>
      <label class="check" for={id}>
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        {label}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextAreaField({
  label,
  name,
  value,
  hint,
  error,
  rows = 4,
  required = false,
  code = false,
}: {
  label: string;
  name: string;
  value?: string | undefined;
  hint?: string;
  error?: string | undefined;
  rows?: number;
  required?: boolean;
  /** Monospace, for JSON and CSV. */
  code?: boolean;
}) {
  const id = `f-${name}`;
  return (
    <div>
      <label for={id}>{label}</label>
      <HintAndError id={id} label={label} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        class={code ? "code" : undefined}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {value ?? ""}
      </textarea>
    </div>
  );
}

/** Every problem of a submitted form, first thing in it, announced to screen readers. */
export function ErrorSummary({
  errors,
  labelOf = (path) => path.replaceAll("_", " "),
}: {
  errors: Record<string, string>;
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

/** "Next page" / "Newer" links of a paged list. */
export function Pager({ links }: { links: { href: string; label: string }[] }): Child {
  if (links.length === 0) return null;
  return (
    <nav aria-label="Pages" class="pager">
      {links.map((l) => (
        <a href={l.href}>{l.label}</a>
      ))}
    </nav>
  );
}
