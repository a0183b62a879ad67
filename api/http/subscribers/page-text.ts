import type { Locale } from "../../domain/types.ts";

/** The words of the subscriber pages. */
export const pageText = {
  en: {
    checkInbox: "Check your inbox",
    checkInboxBody:
      "If this address can subscribe, we sent it an email with a confirmation link. It expires in 7 days.",
    confirm: "Confirm your subscription",
    confirmBody: (address: string) =>
      `Press the button to receive status updates at ${address}. Nothing happens until you press it.`,
    confirmButton: "Confirm my subscription",
    confirmed: "You are subscribed",
    confirmedBody: "You will get an email when an incident or a maintenance concerns you.",
    invalid: "This link does not work",
    invalidBody:
      "It may be incomplete, or no longer valid: a confirmation link expires after 7 days, and a link stops working once you unsubscribe. Subscribe again from the status page to get a new one.",
    manage: "Your subscription",
    manageFor: (address: string, state: string) => `Messages to ${address} (${state}).`,
    states: {
      pending: "waiting for confirmation",
      active: "active",
      unsubscribed: "unsubscribed",
      suppressed: "suspended: messages to it failed",
    } as Record<string, string>,
    components: "Components (none ticked: all of them)",
    language: "Language",
    languages: { en: "English", fr: "Français" } as Record<string, string>,
    save: "Save my choices",
    saved: "Your choices are saved.",
    unsubscribe: "Unsubscribe",
    unsubscribeBody: (address: string) =>
      `Press the button to stop all messages to ${address} from this status page.`,
    unsubscribed: "You are unsubscribed",
    unsubscribedBody: "You will not get any more messages from this status page.",
    back: "Back to the status page",
  },
  fr: {
    checkInbox: "Consultez votre boîte de réception",
    checkInboxBody:
      "Si cette adresse peut s’abonner, nous lui avons envoyé un e-mail avec un lien de confirmation. Il expire dans 7 jours.",
    confirm: "Confirmez votre abonnement",
    confirmBody: (address: string) =>
      `Appuyez sur le bouton pour recevoir les mises à jour à l’adresse ${address}. Rien ne se passe tant que vous n’appuyez pas.`,
    confirmButton: "Confirmer mon abonnement",
    confirmed: "Vous êtes abonné",
    confirmedBody: "Vous recevrez un e-mail quand un incident ou une maintenance vous concerne.",
    invalid: "Ce lien ne fonctionne pas",
    invalidBody:
      "Il est peut-être incomplet, ou n’est plus valable : un lien de confirmation expire après 7 jours, et un lien cesse de fonctionner après un désabonnement. Abonnez-vous de nouveau depuis la page d’état pour en recevoir un autre.",
    manage: "Votre abonnement",
    manageFor: (address: string, state: string) => `Messages envoyés à ${address} (${state}).`,
    states: {
      pending: "en attente de confirmation",
      active: "actif",
      unsubscribed: "désabonné",
      suppressed: "suspendu : les envois ont échoué",
    } as Record<string, string>,
    components: "Composants (aucun coché : tous)",
    language: "Langue",
    languages: { en: "English", fr: "Français" } as Record<string, string>,
    save: "Enregistrer mes choix",
    saved: "Vos choix sont enregistrés.",
    unsubscribe: "Se désabonner",
    unsubscribeBody: (address: string) =>
      `Appuyez sur le bouton pour ne plus recevoir aucun message de cette page d’état à ${address}.`,
    unsubscribed: "Vous êtes désabonné",
    unsubscribedBody: "Vous ne recevrez plus de messages de cette page d’état.",
    back: "Retour à la page d’état",
  },
} satisfies Record<Locale, Record<string, unknown>>;
