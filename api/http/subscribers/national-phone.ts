import { type CountryCode, parsePhoneNumber } from "../../domain/subscribers/phone-numbers.ts";

/**
 * A number typed as people write it at home (`06 12 34 56 78` in France) is read in the page's
 * country and passed on in E.164; the schema then judges it (a mobile? valid?) and says why not.
 * Anything that does not parse is left as typed, for the schema to explain.
 */
export function nationalPhone(raw: unknown, country: CountryCode): unknown {
  if (typeof raw !== "object" || raw === null || !("phone" in raw)) return raw;
  const phone = (raw as { phone: unknown }).phone;
  if (typeof phone !== "string" || phone.length > 32 || !/^[\d\s().+-]+$/.test(phone)) return raw;
  const parsed = parsePhoneNumber(phone.trim().replace(/^00/, "+"), country);
  return parsed?.isValid() ? { ...raw, phone: parsed.number } : raw;
}
