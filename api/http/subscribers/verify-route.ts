import { Hono } from "hono";
import { html } from "hono/html";
import type { Deps } from "../../domain/context.ts";
import { verifyInput } from "../../domain/subscribers/schemas.ts";
import { verifySmsCode } from "../../domain/subscribers/verify-sms-code.ts";
import { errorBody, zodDetails } from "../errors.ts";
import { channelText } from "./channel-text.ts";
import { codeForm } from "./code-form.ts";
import { layout } from "./pages.ts";
import { asLocale, field, readBody, siteOf } from "./request-body.ts";

/** `POST /api/subscribers/verify` {phone, code}: JSON, or the code form above. */
export function verifyRoute({ deps, publicUrl }: { deps: Deps; publicUrl: string }) {
  return new Hono().post("/api/subscribers/verify", async (c) => {
    const body = await readBody(c, '{"phone":"+33612345678","code":"123456"}');
    const raw = body.isForm
      ? { phone: field(body.form, "phone"), code: field(body.form, "code") }
      : body.json;
    const site = await siteOf(deps, publicUrl);
    const locale = asLocale(
      body.isForm ? field(body.form, "locale") : undefined,
      site.settings.defaultLocale,
    );
    const t = channelText[locale];
    const parsed = verifyInput.safeParse(raw);
    if (!parsed.success) {
      const details = zodDetails(parsed.error);
      const message = details.map((d) => `${d.path}: ${d.message}`).join("; ");
      if (!body.isForm) return c.json(errorBody("invalid_input", message, details), 400);
      const phone = (raw as { phone?: string }).phone ?? "";
      return c.html(layout(locale, t.fixInput, site.url, codeForm(locale, phone, message)), 400);
    }
    const result = await verifySmsCode(deps, parsed.data);
    if (result.outcome === "confirmed") {
      const mine = channelText[result.subscriber.locale];
      if (!body.isForm) return c.json({ message: mine.smsConfirmedBody, state: "active" }, 200);
      return c.html(
        layout(result.subscriber.locale, mine.smsConfirmed, site.url, html`<p>${mine.smsConfirmedBody}</p>`),
      );
    }
    if (result.outcome === "wrong") {
      const message = t.wrongCode(result.attemptsLeft);
      if (!body.isForm)
        return c.json({ ...errorBody("wrong_code", message), attemptsLeft: result.attemptsLeft }, 400);
      return c.html(layout(locale, t.smsSent, site.url, codeForm(locale, parsed.data.phone, message)), 400);
    }
    if (!body.isForm) return c.json(errorBody("code_expired", t.codeExpired), 400);
    return c.html(
      layout(
        locale,
        t.fixInput,
        site.url,
        html`<p>${t.codeExpired}</p><p><a href="${site.subscribeUrl(locale)}">${t.backToForm}</a></p>`,
      ),
      400,
    );
  });
}
