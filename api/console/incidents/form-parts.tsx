import type { Child } from "hono/jsx";
import { emailLabels } from "../../notifier/templates/labels.ts";

/** Human names for the enums, the same words subscribers read in English emails. */
export const labels = emailLabels.en;

/** Field errors keyed by form field name; `_form` holds what belongs to no single field. */
export type FormErrors = Record<string, string>;

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

function HintAndError({ id, hint, error }: { id: string; hint?: string | undefined; error?: string }) {
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

export interface TextProps {
  label: string;
  name: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  /** The language of the text typed in, for spell checkers and screen readers. */
  lang?: string;
  multiline?: boolean;
  type?: string;
}

/** A labelled text input or textarea, its hint and error tied to it for screen readers. */
export function TextInput({ label, name, value, hint, error, required, lang, multiline, type }: TextProps) {
  const id = `f-${name}`;
  const common = {
    id,
    name,
    lang,
    required,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": describedBy(id, hint, error),
  };
  return (
    <div>
      <label for={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      {multiline ? (
        <textarea rows={6} {...common}>
          {value ?? ""}
        </textarea>
      ) : (
        <input type={type ?? "text"} value={value ?? ""} autocomplete="off" {...common} />
      )}
    </div>
  );
}

export interface SelectProps {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
}

export function Select({ label, name, options, value, hint, error }: SelectProps) {
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
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(props: { label: string; name: string; checked: boolean; value?: string }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} value={props.value ?? "on"} checked={props.checked} />
      {props.label}
    </label>
  );
}

/** What went wrong with the form as a whole, read out as soon as the page shows. */
export const FormError = ({ errors }: { errors: FormErrors }) =>
  errors._form ? (
    <p class="notice error" role="alert">
      {errors._form}
    </p>
  ) : null;

/**
 * The submit buttons of a form that can be previewed: Preview re-renders it with what it would send.
 * Preview comes first, so Enter in a text field previews rather than notifies everyone.
 */
export function PreviewButtons({ post }: { post: string }) {
  return (
    <div class="buttons">
      <button type="submit" name="intent" value="preview" class="secondary">
        Preview
      </button>
      <button type="submit" name="intent" value="post">
        {post}
      </button>
    </div>
  );
}

/** English and French versions of the same text, side by side on a wide screen, stacked on a phone. */
export function SideBySide({ children }: { children: Child }) {
  return <div class="grid">{children}</div>;
}
