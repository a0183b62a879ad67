import type { Locale } from "../../domain/types.ts";
import type { RenderedEmail, TemplateKey, TemplatePart } from "../../templates/index.ts";
import { EditorFrame } from "./editor-frame.tsx";

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });
export const languageOf = (locale: Locale) => languageNames.of(locale) ?? locale;
export const titleOf = (key: TemplateKey) => key[0]!.toUpperCase() + key.slice(1).replaceAll("-", " ");

const partLabels: Record<TemplatePart, { label: string; hint: string; rows: number }> = {
  subject: { label: "Subject", hint: "One line; line breaks become spaces.", rows: 2 },
  html: {
    label: "HTML body",
    hint: "Goes inside the email layout (header, affected components, footer). Values are HTML-escaped unless you add | raw.",
    rows: 14,
  },
  text: { label: "Plain-text body", hint: "For mail apps that do not show HTML.", rows: 10 },
};

export interface TemplateListProps {
  keys: readonly TemplateKey[];
  locales: readonly Locale[];
  /** `key/locale` → the parts an admin changed. */
  overridden: Map<string, TemplatePart[]>;
}

/** One template of the lists: its link, and whether admins changed it (what, when they did). */
export function TemplateCell(props: { href: string; label: string; customised: string | null }) {
  return (
    <td>
      <a href={props.href}>{props.label}</a>
      <br />
      {props.customised ? (
        <span class="badge warn">{props.customised}</span>
      ) : (
        <span class="badge">built-in</span>
      )}
    </td>
  );
}

export function TemplateList({ keys, locales, overridden }: TemplateListProps) {
  return (
    <>
      <p>
        The emails and text messages subscribers get, in each language. Edit one to change its wording; the
        built-in version stays one click away.
      </p>
      <section class="card table-wrap" aria-labelledby="email-templates">
        <h2 id="email-templates">Email</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              {locales.map((l) => (
                <th scope="col">{languageOf(l)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr>
                <th scope="row">{titleOf(key)}</th>
                {locales.map((locale) => {
                  const parts = overridden.get(`${key}/${locale}`) ?? [];
                  return (
                    <TemplateCell
                      href={`/admin/templates/${key}/${locale}`}
                      label={`${titleOf(key)} in ${languageOf(locale)}`}
                      customised={parts.length ? `customised: ${parts.join(", ")}` : null}
                    />
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export interface TemplateEditorProps {
  templateKey: TemplateKey;
  locale: Locale;
  sources: Record<TemplatePart, string>;
  overridden: TemplatePart[];
  errors?: Partial<Record<TemplatePart | "_form", string>>;
  preview: RenderedEmail | null;
  /** Whether the preview shows unsaved sources. */
  draft?: boolean;
  canEdit: boolean;
  csrfToken: string;
}

function SourceField(props: {
  part: TemplatePart;
  value: string;
  error?: string | undefined;
  readonly: boolean;
}) {
  const { label, hint, rows } = partLabels[props.part];
  const id = `f-${props.part}`;
  const described = [`${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {props.error && (
        <p class="notice error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      <textarea
        id={id}
        name={props.part}
        rows={rows}
        class="code"
        spellcheck={false}
        readonly={props.readonly}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described}
      >
        {/* A browser drops one newline right after <textarea>: this one, not the source's. */}
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function EmailPreview({ email, draft }: { email: RenderedEmail; draft: boolean }) {
  return (
    <section class="card" aria-labelledby="preview">
      <h2 id="preview">{draft ? "Preview of your unsaved changes" : "Preview"}</h2>
      <p class="muted">With sample data: the page "Acme Cloud" and a made-up incident.</p>
      {draft && <p id="live-summary" class="muted">{`Preview updated: ${email.subject}`}</p>}
      <p>
        <strong>Subject:</strong> {email.subject}
      </p>
      {/* An empty sandbox: the email's markup shows, but nothing in it runs, submits or navigates. */}
      <iframe class="preview" sandbox="" srcdoc={email.html} title="The HTML email as sent" />
      <h3>Plain text</h3>
      <pre class="message">{email.text}</pre>
    </section>
  );
}

export function TemplateEditor(props: TemplateEditorProps) {
  const { templateKey: key, locale, errors = {}, canEdit, csrfToken } = props;
  const base = `/admin/templates/${key}/${locale}`;
  return (
    <>
      <EditorFrame
        base={base}
        state={
          props.overridden.length
            ? `Customised here: ${props.overridden.join(", ")}.`
            : "This is the built-in version."
        }
        intro={
          <p class="hint">
            Liquid templates. Variables: <code>page.name</code>, <code>page.url</code>,{" "}
            <code>incident.name</code>, <code>incident.status_label</code>, <code>incident.body_html</code>,{" "}
            <code>maintenance.scheduled_for</code>, <code>labels.*</code>, <code>confirm_url</code>; the
            built-in version shows them in use.
          </p>
        }
        heading="Sources"
        formError={errors._form}
        canEdit={canEdit}
        csrfToken={csrfToken}
        resetNote={
          props.overridden.length > 0
            ? `Drops your changes to every part of this email in ${languageOf(locale)}.`
            : undefined
        }
      >
        {(["subject", "html", "text"] as const).map((part) => (
          <SourceField part={part} value={props.sources[part]} error={errors[part]} readonly={!canEdit} />
        ))}
      </EditorFrame>
      <div id="live">
        {props.preview ? (
          <EmailPreview email={props.preview} draft={props.draft ?? false} />
        ) : (
          <p id="live-summary" class="notice error">
            {`Not previewed: ${Object.values(errors).join(" ")}`}
          </p>
        )}
      </div>
    </>
  );
}
