import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Locale } from "../../domain/types.ts";

export const pageText = {
  en: {
    checkInbox: "Check your inbox",
    checkInboxBody:
      "If this address can subscribe, we sent it an email with a confirmation link. It expires in 7 days.",
    confirmed: "You are subscribed",
    confirmedBody: "You will get an email when an incident or a maintenance concerns you.",
    invalid: "This link does not work",
    manage: "Your subscription",
    components: "Components (none ticked: all of them)",
    language: "Language",
    save: "Save",
    saved: "Saved.",
    unsubscribe: "Unsubscribe",
    unsubscribed: "You are unsubscribed",
    unsubscribedBody: "You will not get any more messages from this status page.",
    back: "Back to the status page",
  },
  fr: {
    checkInbox: "Consultez votre boîte de réception",
    checkInboxBody:
      "Si cette adresse peut s'abonner, nous lui avons envoyé un e-mail avec un lien de confirmation. Il expire dans 7 jours.",
    confirmed: "Vous êtes abonné",
    confirmedBody: "Vous recevrez un e-mail quand un incident ou une maintenance vous concerne.",
    invalid: "Ce lien ne fonctionne pas",
    manage: "Votre abonnement",
    components: "Composants (aucun coché : tous)",
    language: "Langue",
    save: "Enregistrer",
    saved: "Enregistré.",
    unsubscribe: "Se désabonner",
    unsubscribed: "Vous êtes désabonné",
    unsubscribedBody: "Vous ne recevrez plus de messages de cette page d'état.",
    back: "Retour à la page d'état",
  },
} satisfies Record<Locale, Record<string, string>>;

/** A small server page (confirm, manage, unsubscribed), readable without CSS or JavaScript. */
export function layout(
  locale: Locale,
  title: string,
  pageUrl: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{border:1px solid #ccc;border-radius:.5rem}button{font:inherit;padding:.4rem .9rem}</style></head>
<body><main><h1>${title}</h1>${body}<p><a href="${pageUrl}/">${pageText[locale].back}</a></p></main></body></html>`;
}
