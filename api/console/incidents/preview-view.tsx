import type { Context } from "hono";
import { type Channel, type Locale, locales } from "../../domain/types.ts";
import { consolePolicy } from "../shell/content-policy.ts";
import type { MessagePreview } from "./message-preview.ts";
import { languageLine, subscribers } from "./recipient-phrases.ts";

/** Without the console's script: a preview page needs none. */
const previewPolicy = consolePolicy({ emails: true, script: false });

/** Call before rendering a page that shows a preview, so the HTML email looks as subscribers see it. */
export const allowEmailStyles = (c: Context) => c.header("Content-Security-Policy", previewPolicy);

const channelNames: Record<Channel, string> = {
  email: "Email",
  sms: "SMS",
  webhook: "Webhooks",
  slack: "Slack",
  discord: "Discord",
  teams: "Microsoft Teams",
};
const languageNames: Record<Locale, string> = { en: "English", fr: "French" };

function Recipients({ preview }: { preview: MessagePreview }) {
  const count = (channel: Channel, locale?: Locale) =>
    preview.recipients
      .filter((r) => r.channel === channel && (!locale || r.locale === locale))
      .reduce((sum, r) => sum + r.count, 0);
  const total = preview.recipients.reduce((sum, r) => sum + r.count, 0);
  return (
    <>
      <p class="big">{`${subscribers(total)} will be notified`}</p>
      <ul class="plain">
        {locales.map((l) => (
          <li lang={l}>
            {languageLine(
              l,
              preview.channels.map((channel) => ({ channel, count: count(channel, l) })),
            )}
          </li>
        ))}
      </ul>
      <div class="table-wrap">
        <table>
          <caption class="muted">
            Confirmed subscribers who follow the affected components or everything (channels nobody uses are
            left out)
          </caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              {locales.map((l) => (
                <th scope="col">{languageNames[l]}</th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {preview.channels
              .filter((channel) => channel === "email" || count(channel) > 0)
              .map((channel) => (
                <tr>
                  <th scope="row">{channelNames[channel]}</th>
                  {locales.map((l) => (
                    <td>{count(channel, l)}</td>
                  ))}
                  <td>{count(channel)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {!preview.channels.includes("sms") && (
        <p class="hint">
          SMS subscribers do not get this kind of message (the page's settings choose which ones go by SMS).
        </p>
      )}
    </>
  );
}

/** The form's own submit button, repeated under the preview: one key press posts what was just checked. */
export interface PreviewPost {
  /** The id of the form it submits. */
  form: string;
  label: string;
}

/**
 * The preview just below a form: who gets it, and the email and SMS in each language, as rendered.
 * Its post button has `autofocus`, so the browser scrolls the preview into view and Enter posts.
 * (Not a `#preview` link instead: browsers skip `autofocus` on a page opened at a fragment.)
 */
export function PreviewSection({
  preview,
  quiet,
  post,
}: {
  preview: MessagePreview;
  quiet: string;
  post?: PreviewPost | undefined;
}) {
  return (
    <section class="card" aria-labelledby="preview-title" id="preview">
      <h2 id="preview-title">Preview: what subscribers will get</h2>
      {post && (
        <div class="preview-post">
          <button type="submit" form={post.form} name="intent" value="post" autofocus>
            {post.label}
          </button>
          <span class="hint">or change the form above and preview again.</span>
        </div>
      )}
      {preview.key === null ? (
        <p>{quiet}</p>
      ) : (
        <>
          <Recipients preview={preview} />
          {preview.emails.map((email) => (
            <div lang={email.locale}>
              <h3 lang="en">{`Email in ${languageNames[email.locale]}`}</h3>
              <p>
                <strong lang="en">Subject: </strong>
                {email.subject}
              </p>
              <pre class="message">{email.text}</pre>
              <details>
                <summary lang="en">{`HTML version in ${languageNames[email.locale]}`}</summary>
                {/* An empty sandbox: the email's markup shows, but nothing in it runs, submits or navigates. */}
                <iframe
                  class="preview"
                  sandbox=""
                  srcdoc={email.html}
                  title={`The HTML email in ${languageNames[email.locale]}`}
                  lang={email.locale}
                />
              </details>
            </div>
          ))}
          {preview.sms.map((sms) => (
            <div lang={sms.locale}>
              <h3 lang="en">{`SMS in ${languageNames[sms.locale]}`}</h3>
              <pre class="message">{sms.text}</pre>
            </div>
          ))}
          <p class="hint">Each subscriber's email carries their own links to manage the subscription.</p>
        </>
      )}
    </section>
  );
}
