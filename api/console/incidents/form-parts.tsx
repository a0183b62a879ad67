import type { Child } from "hono/jsx";
import { type FormErrors, SelectField, TextInput } from "../kit/index.ts";
import { lines } from "./input.ts";

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

/** An update's message in English (required), or in French (French subscribers get the English when blank). */
export function MessageField(props: {
  lang: "en" | "fr";
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const { value, error, hint } = props;
  return props.lang === "en" ? (
    <TextInput label="Message" name="body" value={value} error={error} hint={hint} multiline required />
  ) : (
    <TextInput
      label="Message in French (optional)"
      name="body_fr"
      value={value}
      error={error}
      hint={hint}
      lang="fr"
      multiline
    />
  );
}

/** The status a new incident or an update sets, among those the form offers. */
export function StatusField(props: {
  options: { value: string; label: string }[];
  value: string;
  error: string | undefined;
}) {
  return (
    <SelectField
      asIs
      label="Status"
      name="status"
      options={props.options}
      value={props.value}
      error={props.error}
    />
  );
}

/** What `NameAndMessage` posted: the name and message in both languages (line breaks as LF). */
export const readNameAndMessage = (form: (name: string) => string) => ({
  name: form("name"),
  nameFr: form("name_fr"),
  body: lines(form("body")),
  bodyFr: lines(form("body_fr")),
});

export interface NameAndMessageProps {
  values: { name: string; nameFr: string; body: string; bodyFr: string };
  errors: FormErrors;
  /** The message fields' hints; without them the form takes no message (changing a plan). */
  message?: { hint: string; hintFr?: string } | undefined;
}

/** The name and the first message of an incident or maintenance, in English and French side by side. */
export function NameAndMessage({ values, errors, message }: NameAndMessageProps) {
  return (
    <SideBySide>
      <div>
        <TextInput label="Name" name="name" value={values.name} error={errors.name} required />
        {message && <MessageField lang="en" value={values.body} error={errors.body} hint={message.hint} />}
      </div>
      <div>
        <TextInput
          label="Name in French (optional)"
          name="name_fr"
          value={values.nameFr}
          error={errors.name_fr}
          lang="fr"
        />
        {message && (
          <MessageField lang="fr" value={values.bodyFr} error={errors.body_fr} hint={message.hintFr} />
        )}
      </div>
    </SideBySide>
  );
}
