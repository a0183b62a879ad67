import type { Channel, Locale } from "../../domain/types.ts";
import { counted } from "../kit/index.ts";

const subscriberNoun: Record<Locale, { one: string; other: string }> = {
  en: { one: "subscriber", other: "subscribers" },
  fr: { one: "abonné", other: "abonnés" },
};

const byChannel: Record<Locale, Record<Channel, string>> = {
  en: {
    email: "by email",
    sms: "by SMS",
    webhook: "by webhook",
    slack: "on Slack",
    discord: "on Discord",
    teams: "on Microsoft Teams",
  },
  fr: {
    email: "par e-mail",
    sms: "par SMS",
    webhook: "par webhook",
    slack: "sur Slack",
    discord: "sur Discord",
    teams: "sur Microsoft Teams",
  },
};

/** "N subscribers" in English, for the console's own sentences. */
export const subscribers = (n: number) => counted(n, subscriberNoun.en);

/**
 * Who gets the message in one language, said in that language: "2 subscribers get it in English:
 * 1 by email, 1 by SMS." or "1 abonné le reçoit en français : 1 par e-mail."
 */
export function languageLine(locale: Locale, perChannel: { channel: Channel; count: number }[]): string {
  const total = perChannel.reduce((sum, c) => sum + c.count, 0);
  const parts = perChannel
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${byChannel[locale][c.channel]}`);
  if (locale === "fr") {
    if (total === 0) return "Aucun abonné ne le reçoit en français.";
    const verb = new Intl.PluralRules("fr").select(total) === "one" ? "le reçoit" : "le reçoivent";
    return `${counted(total, subscriberNoun.fr, "fr")} ${verb} en français : ${parts.join(", ")}.`;
  }
  if (total === 0) return "No subscriber gets it in English.";
  const verb = total === 1 ? "gets" : "get";
  return `${counted(total, subscriberNoun.en)} ${verb} it in English: ${parts.join(", ")}.`;
}
