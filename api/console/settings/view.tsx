import type { SettingsRow } from "../../domain/settings/get-settings.ts";
import type { ProviderStatus } from "../../notifier/provider-status.ts";
import { CsrfField, Field, FormError, OptionalFields } from "../kit/index.ts";

/** What the form shows: the saved settings, or what was typed when it was refused. */
export interface SettingsValues {
  name: string;
  url: string;
  time_zone: string;
  default_locale: string;
  locales: string[];
  logo_url: string;
  website_url: string;
  support_url: string;
  accent_color: string;
  /** One target per line. */
  publish_targets: string;
  allow_private_targets: boolean;
  sms_kinds: string[];
}

export const valuesOf = (row: SettingsRow): SettingsValues => ({
  name: row.name,
  url: row.url ?? "",
  time_zone: row.timeZone,
  default_locale: row.defaultLocale,
  locales: row.locales,
  logo_url: row.logoUrl ?? "",
  website_url: row.websiteUrl ?? "",
  support_url: row.supportUrl ?? "",
  accent_color: row.accentColor,
  publish_targets: row.publishTargets.join("\n"),
  allow_private_targets: row.allowPrivateTargets,
  sms_kinds: row.smsKinds,
});

export interface SettingsPageProps {
  values: SettingsValues;
  errors: Record<string, string>;
  /** Every locale and SMS kind the page can offer. */
  choices: { locales: readonly string[]; smsKinds: readonly string[] };
  languageOf: (locale: string) => string;
  providers: ProviderStatus | undefined;
  csrfToken: string;
}

const kindLabel = (kind: string) => kind[0]!.toUpperCase() + kind.slice(1).replace("-", " ");

function Checkboxes(props: {
  legend: string;
  name: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  hint: string;
  error?: string | undefined;
}) {
  return (
    <fieldset aria-describedby={`f-${props.name}-hint`}>
      <legend>{props.legend}</legend>
      <p class="hint" id={`f-${props.name}-hint`}>
        {props.hint}
      </p>
      {props.error && <p class="notice error">{props.error}</p>}
      {props.options.map((o) => (
        <label class="check">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.checked.includes(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The page's links, each optional. */
const linkFields = [
  { name: "logo_url", label: "Logo URL", type: "url", hint: "An https image; blank for none." },
  {
    name: "website_url",
    label: "Website link",
    type: "url",
    hint: "Shown as “Website” in the page's header, e.g. https://www.example.com; blank for none.",
  },
  {
    name: "support_url",
    label: "Support link",
    type: "url",
    hint: "Shown as “Support” in the page's header, e.g. https://help.example.com; blank for none.",
  },
] as const;

export function SettingsPage({
  values: v,
  errors,
  choices,
  languageOf,
  providers,
  csrfToken,
}: SettingsPageProps) {
  const languages = choices.locales.map((l) => ({ value: l, label: languageOf(l) }));
  return (
    <>
      <form method="post" action="/admin/settings" class="card" aria-labelledby="page-settings">
        <h2 id="page-settings">The status page</h2>
        <FormError errors={errors} />
        <CsrfField token={csrfToken} />
        <Field label="Page name" name="name" value={v.name} error={errors.name} />
        <Field
          label="Public URL"
          name="url"
          type="url"
          value={v.url}
          required={false}
          hint="Where customers read the page, e.g. https://status.example.com. Blank: this server's address."
          error={errors.url}
        />
        <Field
          label="Time zone"
          name="time_zone"
          value={v.time_zone}
          hint="IANA name in which dates are shown, e.g. Europe/Paris or Etc/UTC."
          error={errors.time_zone}
        />
        <Checkboxes
          legend="Languages"
          name="locales"
          options={languages}
          checked={v.locales}
          hint="Subscribers choose one of these; the page and emails exist in each."
          error={errors.locales}
        />
        <label for="f-default_locale">Default language</label>
        {errors.default_locale && <p class="notice error">{errors.default_locale}</p>}
        <select id="f-default_locale" name="default_locale">
          {languages.map((l) => (
            <option value={l.value} selected={l.value === v.default_locale}>
              {l.label}
            </option>
          ))}
        </select>
        <OptionalFields fields={linkFields} values={v} errors={errors} />
        <Field
          label="Accent colour"
          name="accent_color"
          type="color"
          value={v.accent_color}
          error={errors.accent_color}
        />
        <label for="f-publish_targets">Publish targets</label>
        <p class="hint" id="f-publish_targets-hint">
          One per line: an absolute directory (/var/www/status) or rclone:remote:path. Each build is copied
          there as well as served here.
        </p>
        {errors.publish_targets && (
          <p class="notice error" id="f-publish_targets-error">
            {errors.publish_targets}
          </p>
        )}
        <textarea
          id="f-publish_targets"
          name="publish_targets"
          rows={3}
          aria-invalid={errors.publish_targets ? "true" : undefined}
          aria-describedby={`f-publish_targets-hint${errors.publish_targets ? " f-publish_targets-error" : ""}`}
        >{`\n${v.publish_targets}`}</textarea>
        <label class="check">
          <input
            type="checkbox"
            name="allow_private_targets"
            value="true"
            checked={v.allow_private_targets}
          />
          Let webhooks, chat and dependency checks reach private network addresses (on-premises installs only)
        </label>
        <Checkboxes
          legend="Also sent by SMS"
          name="sms_kinds"
          options={choices.smsKinds.map((k) => ({ value: k, label: kindLabel(k) }))}
          checked={v.sms_kinds}
          hint="Each SMS costs money. The code that confirms a phone number is always sent."
          error={errors.sms_kinds}
        />
        <div class="actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
      <section class="card" aria-labelledby="providers">
        <h2 id="providers">Providers</h2>
        {providers ? (
          <dl>
            <dt>Email</dt>
            <dd>{providers.email}</dd>
            <dt>SMS</dt>
            <dd>{providers.sms}</dd>
          </dl>
        ) : (
          <p class="muted">
            This server process does not send notifications; the notifier prints its providers when it starts.
          </p>
        )}
        <p class="muted">
          Providers are set in the server's environment (RESEND_API_KEY, SMTP_URL, TWILIO_*, VONAGE_*).
        </p>
      </section>
    </>
  );
}
