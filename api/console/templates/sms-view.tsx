import type { Locale } from "../../domain/types.ts";
import type { SmsPreview, SmsTemplateKey } from "../../templates/render-sms.ts";
import { isGsm7, type SmsLength } from "../../templates/sms-segments.ts";
import { EditorFrame } from "./editor-frame.tsx";
import { languageOf, TemplateCell, titleOf } from "./view.tsx";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the sample message costs, in the sender's own count (`smsLength`): GSM-7 holds 160
 * characters in one SMS and 153 per part beyond, extension characters such as € counting twice;
 * one character outside GSM-7 makes it UCS-2, 70 and 67.
 */
export function describeLength(length: SmsLength): string {
  const { encoding, units, segments } = length;
  const [single, perPart] = encoding === "GSM-7" ? [160, 153] : [70, 67];
  const room =
    segments <= 1 ? `${units} of ${single} characters` : `${units} characters, ${perPart} per segment`;
  return `${plural(segments, "segment", "segments")} · ${encoding} · ${room}`;
}

/** The characters that switch a message to UCS-2, each once, so the editor knows what to replace. */
export const nonGsm7 = (text: string) => [...new Set(Array.from(text).filter((c) => !isGsm7(c)))];

export function SmsTemplateList(props: {
  keys: readonly SmsTemplateKey[];
  locales: readonly Locale[];
  /** `key/locale` slots an admin changed. */
  overridden: Set<string>;
}) {
  return (
    <section class="card table-wrap" aria-labelledby="sms-templates">
      <h2 id="sms-templates">SMS</h2>
      <p>The text messages SMS subscribers get; a message longer than two segments is shortened.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">SMS</th>
            {props.locales.map((l) => (
              <th scope="col">{languageOf(l)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.keys.map((key) => (
            <tr>
              <th scope="row">{titleOf(key)}</th>
              {props.locales.map((locale) => (
                <TemplateCell
                  href={`/admin/sms-templates/${key}/${locale}`}
                  label={`${titleOf(key)} SMS in ${languageOf(locale)}`}
                  customised={props.overridden.has(`${key}/${locale}`) ? "customised" : null}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The live region: the segment count and the message as sent; replaced as the person types. */
export function SmsPreviewSection({ preview, draft }: { preview: SmsPreview; draft: boolean }) {
  if (!preview.ok)
    return (
      <div id="live">
        <p id="live-summary" class="notice error">{`Not previewed: ${preview.message}`}</p>
      </div>
    );
  const switching = preview.length.encoding === "UCS-2" ? nonGsm7(preview.text) : [];
  return (
    <div id="live">
      <section class="card" aria-labelledby="preview">
        <h2 id="preview">{draft ? "Preview of your unsaved changes" : "Preview"}</h2>
        <p class="muted">With sample data: the page "Acme Cloud" and a made-up incident.</p>
        <p id="live-summary">
          <strong>{describeLength(preview.length)}</strong>
        </p>
        {switching.length > 0 && (
          <p class="hint">
            {`UCS-2 because of ${switching.map((c) => `“${c}”`).join(" ")}: without ${
              switching.length === 1 ? "it" : "them"
            }, one SMS holds 160 characters instead of 70.`}
          </p>
        )}
        {preview.shortened && (
          <p class="notice error">
            {`Longer than ${plural(preview.maxSegments, "segment", "segments")}: the sender shortens it to fit, as below.`}
          </p>
        )}
        <pre class="message">{preview.text}</pre>
      </section>
    </div>
  );
}

export interface SmsTemplateEditorProps {
  templateKey: SmsTemplateKey;
  locale: Locale;
  source: string;
  overridden: boolean;
  error?: string | undefined;
  formError?: string | undefined;
  preview: SmsPreview;
  draft: boolean;
  canEdit: boolean;
  csrfToken: string;
}

export function SmsTemplateEditor(props: SmsTemplateEditorProps) {
  const { templateKey: key, locale, error, canEdit } = props;
  const base = `/admin/sms-templates/${key}/${locale}`;
  const described = ["f-source-hint", error && "f-source-error"].filter(Boolean).join(" ");
  return (
    <>
      <EditorFrame
        base={base}
        state={props.overridden ? "Customised here." : "This is the built-in version."}
        heading="Source"
        formError={props.formError}
        canEdit={canEdit}
        csrfToken={props.csrfToken}
        resetNote={props.overridden ? `Drops your changes to this SMS in ${languageOf(locale)}.` : undefined}
      >
        <label for="f-source">SMS text</label>
        <p class="hint" id="f-source-hint">
          Liquid, with the email's variables (<code>page.name</code>, <code>incident.name</code>,{" "}
          <code>incident.status_label</code>, <code>incident.url</code>, <code>labels.*</code>
          {key === "confirmation" ? (
            <>
              , and <code>code</code>, the digits the subscriber replies with
            </>
          ) : null}
          ). Blank lines and runs of spaces are removed; a character outside GSM-7 makes every segment hold 70
          characters instead of 160.
        </p>
        {error && (
          <p class="notice error" id="f-source-error">
            {error}
          </p>
        )}
        <textarea
          id="f-source"
          name="source"
          rows={6}
          class="code"
          spellcheck={false}
          readonly={!canEdit}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={described}
        >
          {/* A browser drops one newline right after <textarea>: this one, not the source's. */}
          {`\n${props.source}`}
        </textarea>
      </EditorFrame>
      <SmsPreviewSection preview={props.preview} draft={props.draft} />
    </>
  );
}
