import type { Context } from "hono";
import { html } from "hono/html";
import { channelSpecs } from "../../domain/subscribers/channel-specs.ts";
import { parsePhoneNumber } from "../../domain/subscribers/phone-numbers.ts";
import type { SubscribeInput } from "../../domain/subscribers/schemas.ts";
import type { SubscribeOutcome } from "../../domain/subscribers/subscribe.ts";
import type { Locale } from "../../domain/types.ts";
import { channelText } from "./channel-text.ts";
import { codeForm } from "./code-form.ts";
import { type PageContext, pageText, subscriberPage } from "./pages.ts";
import { siteOf } from "./request-body.ts";

/** The number as it was understood, in international format, so a wrong country shows at once. */
const displayPhone = (e164: string) => parsePhoneNumber(e164)?.formatInternational() ?? e164;

export interface AnswerOptions {
  isForm: boolean;
  locale: Locale;
  input: SubscribeInput;
  outcome: SubscribeOutcome;
}

/**
 * What a subscribe request gets back: email and SMS only a "check your inbox / phone" (the same for
 * every address), a webhook or chat URL its manage link and, for webhooks, the signing secret.
 */
export async function subscribeAnswer(
  c: Context,
  ctx: PageContext,
  { isForm, locale, input, outcome }: AnswerOptions,
) {
  const site = await siteOf(ctx.deps, ctx.publicUrl);
  const t = { ...pageText[locale], ...channelText[locale] };
  if (outcome.channel === "email") {
    if (isForm)
      return subscriberPage(c, ctx, {
        locale,
        title: t.checkInbox,
        body: html`<p>${t.checkInboxBody}</p>`,
        status: 202,
      });
    return c.json({ message: t.checkInboxBody }, 202);
  }
  if (outcome.channel === "sms") {
    const phone = "phone" in input ? input.phone : "";
    if (isForm)
      return subscriberPage(c, ctx, {
        locale,
        title: t.smsSent,
        body: codeForm(site.verifyUrl(locale), locale, phone, [
          t.smsSentBody,
          t.smsNumber(displayPhone(phone)),
        ]),
        status: 202,
      });
    return c.json({ message: t.smsSentBody, verify: "/api/subscribers/verify" }, 202);
  }
  // The secret and the manage link are shown once: no cache may keep them.
  c.header("Cache-Control", "no-store");
  const manageUrl = site.pageUrl(locale, "manage", outcome.manageToken);
  const unsubscribeUrl = site.pageUrl(locale, "unsubscribe", outcome.manageToken);
  const title =
    outcome.channel === "webhook"
      ? t.webhookSubscribed
      : t.chatSubscribed(channelSpecs[outcome.channel].label);
  if (!isForm)
    return c.json(
      {
        id: outcome.id,
        channel: outcome.channel,
        url: outcome.url,
        state: outcome.state,
        ...(outcome.secret && { secret: outcome.secret }),
        manageToken: outcome.manageToken,
        manageUrl,
        unsubscribeUrl,
        message: [title, outcome.secret && t.webhookSecret, outcome.state === "pending" && t.webhookPending]
          .filter(Boolean)
          .join(". "),
      },
      201,
    );
  const pending = outcome.state === "pending" ? html`<p>${t.webhookPending}</p>` : "";
  const secret = outcome.secret
    ? html`<p>${t.webhookSecret}</p><p><code id="secret">${outcome.secret}</code></p>${pending}`
    : "";
  return subscriberPage(c, ctx, {
    locale,
    title,
    status: 201,
    body: html`${secret}<p>${t.manageLink}<br><a id="manage" href="${manageUrl}">${manageUrl}</a></p>`,
  });
}
