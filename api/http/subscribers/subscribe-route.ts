import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { DomainError } from "../../domain/errors.ts";
import { defaultPhoneCountry } from "../../domain/subscribers/channel-addresses.ts";
import { clientNetwork } from "../../domain/subscribers/client-network.ts";
import { countSubscribeRequest } from "../../domain/subscribers/count-subscribe-request.ts";
import { type SubscribeInput, subscribeInput } from "../../domain/subscribers/schemas.ts";
import { subscribe } from "../../domain/subscribers/subscribe.ts";
import type { Locale } from "../../domain/types.ts";
import { clientIp } from "../../web/client-address.ts";
import { errorBody, statusOfCode, zodDetails } from "../../web/errors.ts";
import { channelText } from "./channel-text.ts";
import { formErrors, phoneExample } from "./form-errors.ts";
import { nationalPhone } from "./national-phone.ts";
import { type PageContext, subscriberPage } from "./pages.ts";
import { asLocale, type FormFields, field, readBody, siteOf } from "./request-body.ts";
import { subscribeAnswer } from "./subscribe-answer.ts";
import { pagePaths } from "./subscriber-paths.ts";

/** The status page's form sends every field; only the chosen channel's address field is read. */
function fromForm(form: FormFields): { raw: unknown; locale: string | undefined } {
  const channel = field(form, "channel") ?? "email";
  // The status page names the checkboxes `components[]` (a valid repeated name in HTML).
  const picked = form["components[]"] ?? form.components;
  const components = picked === undefined ? undefined : Array.isArray(picked) ? picked : [picked];
  const locale = field(form, "locale") || undefined;
  const target =
    channel === "email"
      ? { address: field(form, "address") }
      : channel === "sms"
        ? { phone: field(form, "phone") }
        : { url: field(form, "url") };
  return { raw: { channel, ...target, components, ...(channel !== "webhook" && { locale }) }, locale };
}

const targetOf = (input: SubscribeInput) =>
  `${input.channel}:${"address" in input ? input.address.toLowerCase() : "phone" in input ? input.phone : input.url}`;

interface Refusal {
  isForm: boolean;
  locale: Locale;
  status: 400 | 409 | 422 | 429;
  code: string;
  message: string;
  /** For a form: one line per field to fix, in the page's language. */
  lines?: string[];
  headers?: Record<string, string>;
}

/**
 * `POST /api/subscribers` (JSON, or a form) and `POST /subscribe/` (`/<lang>/subscribe/`, where the
 * status page's form posts): the form gets a page in the page's own look and language.
 */
export function subscribeRoute(ctx: PageContext) {
  const { deps, publicUrl } = ctx;
  // SMS have stricter limits of their own (see reserveCodeSms): each SMS costs money.

  /** A refusal: the usual JSON error, or for a form post a page saying what to fix. */
  const refuse = async (c: Context, { isForm, locale, status, code, message, lines, headers }: Refusal) => {
    if (!isForm) return c.json(errorBody(code, message), status, headers);
    const site = await siteOf(deps, publicUrl);
    const t = channelText[locale];
    const title = status === 429 ? t.tooMany : t.fixInput;
    const items = lines ?? [message];
    return subscriberPage(c, ctx, {
      locale,
      title,
      status,
      headers,
      body: html`<div class="problem" role="alert"><ul>${items.map((l) => html`<li>${l}</li>`)}</ul></div>
<p><a class="button" href="${site.subscribeUrl(locale)}">${t.backToForm}</a></p>`,
    });
  };

  return new Hono().on("POST", ["/api/subscribers", ...pagePaths("")], async (c) => {
    const body = await readBody(c, '{"channel":"email","address":"ada@example.com"}');
    const { raw, locale: wanted } = body.isForm ? fromForm(body.form) : { raw: body.json, locale: undefined };
    const { settings } = await siteOf(deps, publicUrl);
    const jsonLocale = (raw as { locale?: unknown } | null)?.locale;
    const locale = asLocale(wanted ?? jsonLocale ?? c.req.param("lang"), settings.defaultLocale);
    const country = defaultPhoneCountry(settings);
    const parsed = subscribeInput.safeParse(nationalPhone(raw, country));
    if (!parsed.success) {
      const details = zodDetails(parsed.error);
      const message = details.map((d) => `${d.path}: ${d.message}`).join("; ");
      if (!body.isForm) return c.json(errorBody("invalid_input", message, details), 400);
      const lines = formErrors(details, locale, phoneExample(country));
      return refuse(c, { isForm: true, locale, status: 400, code: "invalid_input", message, lines });
    }
    const client = clientIp(c);
    const tooMany = (wait: number) =>
      refuse(c, {
        isForm: body.isForm,
        locale,
        status: 429,
        code: "rate_limited",
        message: channelText[locale].tooManyBody(wait),
        headers: { "Retry-After": String(wait) },
      });
    if (parsed.data.channel !== "sms") {
      const wait = await countSubscribeRequest({
        ctx: { deps },
        input: { network: clientNetwork(client), target: targetOf(parsed.data) },
      });
      if (wait > 0) return tooMany(wait);
    }
    let outcome: Awaited<ReturnType<typeof subscribe>>;
    try {
      outcome = await subscribe({ ctx: { deps, client }, input: parsed.data });
    } catch (error) {
      if (error instanceof DomainError && error.code === "rate_limited" && body.isForm)
        return tooMany(error.retryAfterS ?? 60);
      if (!(error instanceof DomainError) || !body.isForm) throw error;
      const status = statusOfCode[error.code] === 409 ? 409 : 422;
      // The page's language for what a reader can fix; other refusals (an unsafe URL) as the domain says.
      const lines =
        error.code === "conflict"
          ? [channelText[locale].alreadySubscribed]
          : error.code === "invalid_reference"
            ? formErrors([{ path: "components", message: error.message }], locale, phoneExample(country))
            : error.details?.length
              ? formErrors(error.details, locale, phoneExample(country))
              : undefined;
      return refuse(c, { isForm: true, locale, status, code: error.code, message: error.message, lines });
    }
    return subscribeAnswer(c, ctx, { isForm: body.isForm, locale, outcome, input: parsed.data });
  });
}
