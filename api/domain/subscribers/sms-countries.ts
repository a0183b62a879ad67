import type { Locale } from "../../../db/schema/enums.ts";
import type { SettingsRow } from "../settings/get-settings.ts";
import { parsePhoneNumber } from "./phone-numbers.ts";

/**
 * Where the readers of a page in each language most likely live. SMS pumping sends codes to
 * premium-rate ranges far away; a page's own readers are near, so by default only these countries
 * may subscribe by SMS (an owner widens it with `sms_countries`).
 * English: the UK and the Crown Dependencies on its numbering (+44), Ireland, the US, Canada,
 * Australia, New Zealand. French: France with its overseas departments and collectivities (each on
 * a country code of its own), Belgium, Switzerland, Luxembourg, Monaco and Canada.
 */
export const smsCountriesByLocale: Record<Locale, readonly string[]> = {
  en: ["GB", "GG", "JE", "IM", "IE", "US", "CA", "AU", "NZ"],
  fr: ["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "BE", "CH", "LU", "MC", "CA"],
};

/** The countries a page takes SMS subscriptions from: its own list, else its languages' countries. */
export function smsCountriesOf(settings: Pick<SettingsRow, "smsCountries" | "locales">): string[] {
  if (settings.smsCountries) return settings.smsCountries;
  return [...new Set(settings.locales.flatMap((l) => smsCountriesByLocale[l]))];
}

/** The country of an E.164 number (ISO 3166-1 alpha-2), or null when it cannot be told. */
export function countryOfPhone(phone: string): string | null {
  return parsePhoneNumber(phone)?.country ?? null;
}
