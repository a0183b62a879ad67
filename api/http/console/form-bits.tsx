import type { Child } from "hono/jsx";

/** Form controls beside kit.tsx's `Field`: selects, checkboxes, text areas, and an error summary. */

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

function HintAndError({
  id,
  hint,
  error,
}: {
  id: string;
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
          {error}
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
}

export function SelectField({ label, name, options, value, hint, error }: SelectFieldProps) {
  const id = `f-${name}`;
  return (
    <div>
      <label for={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      <select
        id={id}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
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
      <HintAndError id={id} hint={hint} error={error} />
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
          <li>{path === "_form" ? message : `${labelOf(path)}: ${message}`}</li>
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
