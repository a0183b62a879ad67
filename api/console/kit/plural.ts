import type { Locale } from "../../domain/types.ts";

/**
 * A count and its noun, by the language's own plural rule: English says "0 subscribers" and
 * "1 subscriber", French "0 abonné" and "2 abonnés". English by default, the console's language.
 */
export function counted(n: number, forms: { one: string; other: string }, locale: Locale = "en"): string {
  return `${n} ${new Intl.PluralRules(locale).select(n) === "one" ? forms.one : forms.other}`;
}
