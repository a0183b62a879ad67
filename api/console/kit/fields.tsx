import type { Child } from "hono/jsx";
import { asSentence } from "./form-errors.tsx";

/**
 * The console's form controls. Each is a label, an optional hint, an optional error and the control,
 * with the hint and error tied to the control for screen readers.
 *
 * Two kinds of error text reach them: a domain message is a fragment ("must be at least 12 characters
 * long") that the control turns into a sentence naming the field; the incident forms' messages are
 * already whole sentences, and `asIs` shows them unchanged.
 */

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

interface LabelledProps {
  id: string;
  label: string;
  hint?: string | undefined;
  /** The text shown, already a sentence. */
  error?: string | undefined;
  children: Child;
}

function Labelled({ id, label, hint, error, children }: LabelledProps) {
  return (
    <div>
      <label for={id}>{label}</label>
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
      {children}
    </div>
  );
}

/** What the control's ARIA attributes say about its hint and error. */
const aria = (id: string, hint?: string, error?: string) => ({
  "aria-invalid": error ? ("true" as const) : undefined,
  "aria-describedby": describedBy(id, hint, error),
});

const shown = (label: string, error: string | undefined, asIs?: boolean) =>
  error && (asIs ? error : asSentence(label, error));

export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string | undefined;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
}

/** A labelled single-line input, required unless said otherwise. */
export function Field({
  label,
  name,
  type = "text",
  value,
  hint,
  error,
  autocomplete,
  required = true,
}: FieldProps) {
  const id = `f-${name}`;
  return (
    <Labelled id={id} label={label} hint={hint} error={shown(label, error)}>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        autocomplete={autocomplete}
        required={required}
        {...aria(id, hint, error)}
      />
    </Labelled>
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

/** A text the incident forms take: one line or several, in a given language, its error shown as is. */
export function TextInput({ label, name, value, hint, error, required, lang, multiline, type }: TextProps) {
  const id = `f-${name}`;
  const common = { id, name, lang, required, ...aria(id, hint, error) };
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      {multiline ? (
        <textarea rows={6} {...common}>
          {value ?? ""}
        </textarea>
      ) : (
        <input type={type ?? "text"} value={value ?? ""} autocomplete="off" {...common} />
      )}
    </Labelled>
  );
}

export interface TextAreaFieldProps {
  label: string;
  name: string;
  value?: string | undefined;
  hint?: string;
  error?: string | undefined;
  rows?: number;
  required?: boolean;
  /** Monospace, for JSON and CSV. */
  code?: boolean;
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
}: TextAreaFieldProps) {
  const id = `f-${name}`;
  return (
    <Labelled id={id} label={label} hint={hint} error={shown(label, error)}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        class={code ? "code" : undefined}
        required={required}
        {...aria(id, hint, error)}
      >
        {value ?? ""}
      </textarea>
    </Labelled>
  );
}

export interface SelectFieldProps {
  label: string;
  name: string;
  options: readonly (string | { value: string; label: string })[];
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  /** The error is already a whole sentence (the incident forms'). */
  asIs?: boolean;
  /** The id of a submit button the console's script presses when the choice changes. */
  submitWith?: string;
}

export function SelectField({
  label,
  name,
  options,
  value,
  hint,
  error,
  asIs,
  submitWith,
}: SelectFieldProps) {
  const id = `f-${name}`;
  return (
    <Labelled id={id} label={label} hint={hint} error={shown(label, error, asIs)}>
      <select id={id} name={name} {...aria(id, hint, error)} data-submit={submitWith}>
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
    </Labelled>
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
      <Checkbox label={label} name={name} checked={checked} id={id} hint={hint} />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A bare checkbox in its label, for a line of a form or a row of a table. */
export function Checkbox(props: {
  label: string;
  name: string;
  checked: boolean;
  value?: string;
  id?: string;
  hint?: string | undefined;
}) {
  return (
    <label class="check" for={props.id}>
      <input
        type="checkbox"
        id={props.id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.label}
    </label>
  );
}

/** One optional field of a settings form: blank means "use the default". */
export interface OptionalFieldSpec<K extends string> {
  name: K;
  label: string;
  type?: string;
  hint: string;
}

/** Optional fields in a row of a form, each showing its value and its error. */
export function OptionalFields<K extends string>(props: {
  fields: readonly OptionalFieldSpec<K>[];
  values: Record<K, string>;
  errors: Partial<Record<string, string>>;
}) {
  return (
    <>
      {props.fields.map((f) => (
        <Field
          label={f.label}
          name={f.name}
          type={f.type}
          value={props.values[f.name]}
          required={false}
          hint={f.hint}
          error={props.errors[f.name]}
        />
      ))}
    </>
  );
}
