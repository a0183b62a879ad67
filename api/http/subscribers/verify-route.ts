import { Hono } from "hono";
import { html } from "hono/html";
import { defaultPhoneCountry } from "../../domain/subscribers/channel-addresses.ts";
import { verifyInput } from "../../domain/subscribers/schemas.ts";
import { verifySmsCode } from "../../domain/subscribers/verify-sms-code.ts";
import { errorBody, zodDetails } from "../../web/errors.ts";
import { channelText } from "./channel-text.ts";
import { codeForm } from "./code-form.ts";
import { formErrors, phoneExample } from "./form-errors.ts";
import { nationalPhone } from "./national-phone.ts";
import { type PageContext, subscriberPage } from "./pages.ts";
import { asLocale, field, readBody, siteOf } from "./request-body.ts";
import { pagePaths } from "./subscriber-paths.ts";

/**
 * `POST /api/subscribers/verify` {phone, code} (JSON), and `POST /subscribe/verify` where the code
 * page posts: only this POST confirms a number.
 */
export function verifyRoute(ctx: PageContext) {
  const { deps, publicUrl } = ctx;
  return new Hono().on("POST", ["/api/subscribers/verify", ...pagePaths("verify")], async (c) => {
    const body = await readBody(c, '{"phone":"+33612345678","code":"123456"}');
    const raw = body.isForm
      ? { phone: field(body.form, "phone"), code: field(body.form, "code") }
      : body.json;
    const site = await siteOf(deps, publicUrl);
    const locale = asLocale(
      body.isForm ? (field(body.form, "locale") ?? c.req.param("lang")) : undefined,
      site.settings.defaultLocale,
    );
    const t = channelText[locale];
    const action = site.verifyUrl(locale);
    const country = defaultPhoneCountry(site.settings);
    const parsed = verifyInput.safeParse(nationalPhone(raw, country));
    if (!parsed.success) {
      const details = zodDetails(parsed.error);
      const message = details.map((d) => `${d.path}: ${d.message}`).join("; ");
      if (!body.isForm) return c.json(errorBody("invalid_input", message, details), 400);
      const phone = (raw as { phone?: string }).phone ?? "";
      const lines = formErrors(details, locale, phoneExample(country));
      return subscriberPage(c, ctx, {
        locale,
        title: t.fixInput,
        status: 400,
        body: codeForm(action, locale, phone, lines, true),
      });
    }
    const result = await verifySmsCode({ ctx: { deps }, input: parsed.data });
    if (result.outcome === "confirmed") {
      const mine = channelText[result.subscriber.locale];
      if (!body.isForm) return c.json({ message: mine.smsConfirmedBody, state: "active" }, 200);
      return subscriberPage(c, ctx, {
        locale: result.subscriber.locale,
        title: mine.smsConfirmed,
        body: html`<p>${mine.smsConfirmedBody}</p>`,
      });
    }
    if (result.outcome === "wrong") {
      const message = t.wrongCode(result.attemptsLeft);
      if (!body.isForm)
        return c.json({ ...errorBody("wrong_code", message), attemptsLeft: result.attemptsLeft }, 400);
      return subscriberPage(c, ctx, {
        locale,
        title: t.smsSent,
        status: 400,
        body: codeForm(action, locale, parsed.data.phone, [message], true),
      });
    }
    if (!body.isForm) return c.json(errorBody("code_expired", t.codeExpired), 400);
    return subscriberPage(c, ctx, {
      locale,
      title: t.fixInput,
      status: 400,
      body: html`<div class="problem" role="alert"><p>${t.codeExpired}</p></div><p><a class="button" href="${site.subscribeUrl(locale)}">${t.backToForm}</a></p>`,
    });
  });
}
