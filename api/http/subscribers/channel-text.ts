import type { Locale } from "../../domain/types.ts";

/** What the subscribe answers say for SMS, webhook and chat subscriptions, and for refusals. */
export const channelText = {
  en: {
    smsSent: "Enter the code we sent",
    smsSentBody:
      "If this number can subscribe, we sent it a 6-digit code by SMS. Enter it below within 10 minutes.",
    smsNumber: (phone: string) => `Number: ${phone}`,
    code: "Code from the SMS",
    confirm: "Confirm",
    wrongCode: (left: number) => `This code is not right: ${left} ${left === 1 ? "try" : "tries"} left.`,
    codeExpired:
      "There is no valid code for this number: a code expires after 10 minutes or 5 wrong tries. Subscribe again to get a new one.",
    smsConfirmed: "Your number is confirmed",
    smsConfirmedBody:
      "You will get an SMS when an incident or a maintenance concerns you. Reply STOP at any time to unsubscribe.",
    webhookSubscribed: "Your webhook is subscribed",
    webhookPending:
      "It becomes active once your receiver answers the verification request we are sending it: reply 2xx with the challenge it carries (see the webhook documentation).",
    webhookSecret:
      "Each request is signed (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature headers). Verify it with this secret. Copy it now: it is not shown again.",
    chatSubscribed: (service: string) => `Subscribed: updates will be posted to this ${service} channel.`,
    manageLink:
      "Change the components or unsubscribe with this private link (keep it, it is not shown again):",
    fixInput: "Please check what you entered",
    tooMany: "Too many requests",
    tooManyBody: (seconds: number) => `Too many subscription requests; try again in ${seconds} s.`,
    backToForm: "Back to the subscribe form",
    alreadySubscribed:
      "This URL is already subscribed. Use the manage link you received when subscribing to change or end it.",
  },
  fr: {
    smsSent: "Saisissez le code envoyé",
    smsSentBody:
      "Si ce numéro peut s'abonner, nous lui avons envoyé un code à 6 chiffres par SMS. Saisissez-le ci-dessous dans les 10 minutes.",
    smsNumber: (phone: string) => `Numéro : ${phone}`,
    code: "Code reçu par SMS",
    confirm: "Confirmer",
    wrongCode: (left: number) =>
      `Ce code n'est pas le bon : ${left} ${left === 1 ? "essai restant" : "essais restants"}.`,
    codeExpired:
      "Aucun code valable pour ce numéro : un code expire après 10 minutes ou 5 essais erronés. Abonnez-vous de nouveau pour en recevoir un autre.",
    smsConfirmed: "Votre numéro est confirmé",
    smsConfirmedBody:
      "Vous recevrez un SMS quand un incident ou une maintenance vous concerne. Répondez STOP à tout moment pour vous désabonner.",
    webhookSubscribed: "Votre webhook est abonné",
    webhookPending:
      "Il sera actif dès que votre récepteur aura répondu à la demande de vérification que nous lui envoyons : répondez 2xx avec le challenge qu'elle contient (voir la documentation des webhooks).",
    webhookSecret:
      "Chaque requête est signée (Standard Webhooks : en-têtes webhook-id, webhook-timestamp, webhook-signature). Vérifiez-la avec ce secret. Copiez-le maintenant : il ne sera plus affiché.",
    chatSubscribed: (service: string) =>
      `Abonné : les mises à jour seront publiées dans ce canal ${service}.`,
    manageLink:
      "Changez les composants ou désabonnez-vous avec ce lien privé (gardez-le, il ne sera plus affiché) :",
    fixInput: "Vérifiez votre saisie",
    tooMany: "Trop de demandes",
    tooManyBody: (seconds: number) => `Trop de demandes d'abonnement ; réessayez dans ${seconds} s.`,
    backToForm: "Retour au formulaire d'abonnement",
    alreadySubscribed:
      "Cette URL est déjà abonnée. Utilisez le lien de gestion reçu lors de l'abonnement pour la modifier ou y mettre fin.",
  },
} satisfies Record<Locale, Record<string, string | ((...args: never[]) => string)>>;
