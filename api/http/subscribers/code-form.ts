import { html } from "hono/html";
import type { Locale } from "../../domain/types.ts";
import { channelText } from "./channel-text.ts";

/**
 * The small form where the texted code is entered (no JavaScript needed). `problems` are shown as an
 * alert when they say what went wrong; the first visit shows the instructions as plain text.
 */
export function codeForm(action: string, locale: Locale, phone: string, messages: string[], problem = false) {
  const t = channelText[locale];
  const said = problem
    ? html`<div class="problem" role="alert"><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : html`${messages.map((m) => html`<p>${m}</p>`)}`;
  return html`${said}
<form method="post" action="${action}"><input type="hidden" name="phone" value="${phone}"><input type="hidden" name="locale" value="${locale}">
<p class="field"><label for="code">${t.code}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required></p>
<p><button type="submit">${t.confirm}</button></p></form>`;
}
