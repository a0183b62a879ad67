import type { Child } from "hono/jsx";
import { type FormErrors, TextInput } from "../kit/index.ts";

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
        {message && (
          <TextInput
            label="Message"
            name="body"
            value={values.body}
            error={errors.body}
            hint={message.hint}
            multiline
            required
          />
        )}
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
          <TextInput
            label="Message in French (optional)"
            name="body_fr"
            value={values.bodyFr}
            error={errors.body_fr}
            hint={message.hintFr}
            lang="fr"
            multiline
          />
        )}
      </div>
    </SideBySide>
  );
}
