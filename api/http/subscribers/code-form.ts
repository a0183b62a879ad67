import { html } from "hono/html";
import type { Locale } from "../../domain/types.ts";
import { channelText } from "./channel-text.ts";

/** The small form where the texted code is entered (no JavaScript needed). */
export function codeForm(locale: Locale, phone: string, message: string) {
  const t = channelText[locale];
  return html`<p>${message}</p>
<form method="post" action="/api/subscribers/verify"><input type="hidden" name="phone" value="${phone}"><input type="hidden" name="locale" value="${locale}">
<p><label for="code">${t.code}</label><br><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required></p>
<p><button type="submit">${t.confirm}</button></p></form>`;
}
