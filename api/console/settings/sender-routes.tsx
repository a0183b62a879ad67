import { type Context, Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import type { SettingsRow } from "../../domain/settings/get-settings.ts";
import { updateSettingsInput } from "../../domain/settings/schemas.ts";
import { updateSettings } from "../../domain/settings/update-settings.ts";
import { defaultPhoneCountry } from "../../domain/subscribers/channel-addresses.ts";
import { CsrfField, OptionalFields, parseForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

/** The sender and phone fields as typed (blank: the default). */
export interface SenderValues {
  email_from_name: string;
  email_from_address: string;
  email_reply_to: string;
  phone_country: string;
}

export const senderValuesOf = (row: SettingsRow): SenderValues => ({
  email_from_name: row.emailFromName ?? "",
  email_from_address: row.emailFromAddress ?? "",
  email_reply_to: row.emailReplyTo ?? "",
  phone_country: row.phoneCountry ?? "",
});

export interface SenderCardProps {
  values: SenderValues;
  errors: Record<string, string>;
  /** What blank fields mean: the page name, EMAIL_FROM's address, the country of the default language. */
  defaults: { name: string; country: string };
  /** Who gets the test email (the signed-in owner); null when this process sends no email. */
  testTo: string | null;
  csrfToken: string;
}

/** Who subscribers' emails come from, how their phone numbers are read, and a test email. */
/** The sender's fields, each optional: blank takes the default said in its hint. */
const senderFields = (defaults: { name: string; country: string }) =>
  [
    {
      name: "email_from_name",
      label: "Sender name",
      hint: `Blank: the page name (${defaults.name}).`,
    },
    {
      name: "email_from_address",
      label: "Sender address",
      type: "email",
      hint: "Blank: the address of EMAIL_FROM. Your provider must accept it (a verified domain at Resend).",
    },
    {
      name: "email_reply_to",
      label: "Reply-to address",
      type: "email",
      hint: "Where replies go, e.g. your support address. Blank: to the sender.",
    },
    {
      name: "phone_country",
      label: "Country of phone numbers",
      hint: `Two letters (FR, GB, US): numbers typed without + and a country code are read as this country's. Blank: ${defaults.country}, from the default language.`,
    },
  ] as const;

export function SenderCard({ values: v, errors, defaults, testTo, csrfToken }: SenderCardProps) {
  return (
    <>
      <form method="post" action="/admin/settings/sender" class="card" aria-labelledby="sender-settings">
        <h2 id="sender-settings">Subscribers' emails and phone numbers</h2>
        <CsrfField token={csrfToken} />
        <OptionalFields fields={senderFields(defaults)} values={v} errors={errors} />
        <div class="actions">
          <button type="submit">Save sender</button>
        </div>
      </form>
      <form method="post" action="/admin/settings/test-email" class="card" aria-labelledby="test-email">
        <h2 id="test-email">Test email</h2>
        <CsrfField token={csrfToken} />
        {testTo ? (
          <p class="hint">
            Sends an email to {testTo} from the saved sender, through the provider subscribers' emails take.
          </p>
        ) : (
          <p class="muted">This server process does not send email (VIGIE_NOTIFIER=0).</p>
        )}
        <div class="actions">
          <button type="submit" disabled={!testTo}>
            Send me a test email
          </button>
        </div>
      </form>
    </>
  );
}

/** The fields this card owns, as `updateSettings` takes them: blank means back to the default. */
export const senderInput = (v: SenderValues) =>
  parseForm(updateSettingsInput, {
    email_from_name: v.email_from_name.trim() || null,
    email_from_address: v.email_from_address.trim() || null,
    email_reply_to: v.email_reply_to.trim() || null,
    phone_country: v.phone_country.trim().toUpperCase() || null,
  });

export async function readSenderValues(c: Context<ConsoleEnv>): Promise<SenderValues> {
  const body = await c.req.parseBody();
  const one = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  return {
    email_from_name: one("email_from_name"),
    email_from_address: one("email_from_address"),
    email_reply_to: one("email_reply_to"),
    phone_country: one("phone_country"),
  };
}

export const senderDefaults = (row: SettingsRow) => ({
  name: row.name,
  country: defaultPhoneCountry({ phoneCountry: null, defaultLocale: row.defaultLocale }),
});

/**
 * `POST /admin/settings/sender` and `/admin/settings/test-email` (owners). A refused sender form is
 * shown again by `render`, the settings page with these fields' errors.
 */
export function senderRoutes(
  ctx: ConsoleContext,
  render: (c: Context<ConsoleEnv>, sender: SenderValues, errors: Record<string, string>) => Promise<Response>,
) {
  const app = new Hono<ConsoleEnv>();
  const owner = requireConsoleRole("owner");
  app.post("/settings/sender", owner, async (c) => {
    const values = await readSenderValues(c);
    try {
      await updateSettings({ ctx: { deps: ctx.deps, actor: c.get("actor") }, input: senderInput(values) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "invalid_input") throw error;
      const errors: Record<string, string> = {};
      for (const d of error.details ?? []) errors[d.path] = d.message;
      return render(c, values, errors);
    }
    return redirectWithNotice(c, "/admin/settings", "Sender saved.");
  });
  app.post("/settings/test-email", owner, async (c) => {
    if (!ctx.sendTestEmail)
      return redirectWithNotice(c, "/admin/settings", "This server process does not send email.", "error");
    const to = c.get("user").email;
    const result = await ctx.sendTestEmail(to);
    if (result.ok)
      return redirectWithNotice(c, "/admin/settings", `Test email sent to ${to} through ${result.provider}.`);
    // The provider's reason says what to fix (an unverified sender domain, a refused address).
    return redirectWithNotice(c, "/admin/settings", `The test email was not sent: ${result.reason}`, "error");
  });
  return app;
}
