import type { ErrorDetail } from "../../domain/errors.ts";
import { type CountryCode, exampleMobileNumber } from "../../domain/subscribers/phone-numbers.ts";
import type { Locale } from "../../domain/types.ts";

/** A mobile number of the page's country, as people there write it and with its country code. */
export function phoneExample(country: CountryCode): { national: string; international: string } {
  const example = exampleMobileNumber(country);
  return {
    national: example?.formatNational() ?? "",
    international: example?.formatInternational() ?? "+33 6 12 34 56 78",
  };
}

type Phone = ReturnType<typeof phoneExample>;

/** How the domain starts its refusal of a number from a country the page does not serve. */
export const countryRefusal = "must be a number of ";

/** For each field of the subscriber forms: its name in words, and what to type in it. */
const fieldText: Record<Locale, Record<string, (phone: Phone, raw: string) => string>> = {
  en: {
    address: () => "Email address: type your address, such as ada@example.com.",
    phone: (p, raw) =>
      raw.startsWith(countryRefusal)
        ? `Mobile number: this page sends SMS only to numbers of ${raw.slice(countryRefusal.length)}; subscribe by email instead.`
        : /mobile number that can receive/.test(raw)
          ? `Mobile number: this number cannot receive SMS; type a mobile number, such as ${p.national}.`
          : `Mobile number: type a mobile number, such as ${p.national}, or ${p.international} with the country code.`,
    url: () =>
      "URL: paste the https:// address of your webhook, or the incoming-webhook URL your chat tool gave you.",
    components: () => "Components: tick components from the list, or none for all of them.",
    code: () => "Code: type the 6 digits of the code we sent you by SMS.",
    channel: () => "Send updates by: choose email, SMS, webhook, Slack, Discord or Microsoft Teams.",
    locale: () => "Language: choose one of the page's languages.",
  },
  fr: {
    address: () => "Adresse e-mail : saisissez votre adresse, par exemple ada@exemple.fr.",
    phone: (p, raw) =>
      raw.startsWith(countryRefusal)
        ? `Numéro de mobile : cette page n’envoie de SMS qu’aux numéros de ces pays : ${raw.slice(countryRefusal.length)} ; abonnez-vous plutôt par e-mail.`
        : /mobile number that can receive/.test(raw)
          ? `Numéro de mobile : ce numéro ne peut pas recevoir de SMS ; saisissez un numéro de mobile, par exemple ${p.national}.`
          : `Numéro de mobile : saisissez un numéro de mobile, par exemple ${p.national}, ou ${p.international} avec l’indicatif du pays.`,
    url: () =>
      "URL : collez l’adresse https:// de votre webhook, ou l’URL du webhook entrant donnée par votre outil de discussion.",
    components: () => "Composants : cochez des composants de la liste, ou aucun pour tous.",
    code: () => "Code : saisissez les 6 chiffres du code envoyé par SMS.",
    channel: () =>
      "Recevoir les mises à jour par : choisissez e-mail, SMS, webhook, Slack, Discord ou Microsoft Teams.",
    locale: () => "Langue : choisissez une des langues de la page.",
  },
};

/**
 * What a form shows when its input is refused: one sentence per field, in the page's language,
 * naming the field as the form labels it and saying what to type (never a raw field path).
 */
export function formErrors(details: ErrorDetail[], locale: Locale, phone: Phone): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const d of details) {
    const field = d.path.split(/[.[]/)[0] ?? "";
    const text = fieldText[locale][field];
    const line = text ? text(phone, d.message) : `${d.path}: ${d.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines;
}
