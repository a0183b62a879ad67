import { getCountries, getExampleNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { exampleMobileNumber, parsePhoneNumber } from "../../../../api/domain/subscribers/phone-numbers.ts";

/** What the server reads numbers with, against the bundled `libphonenumber-js/max` it replaces. */
const inputs: [string, ("FR" | "GB" | "US" | "DE")?][] = [
  ["+33 6 12 34 56 78"],
  ["06 12 34 56 78", "FR"],
  ["0033612345678"],
  ["+44 7400 123456"],
  ["07400 123456", "GB"],
  ["(201) 555-0123", "US"],
  ["+1 201-555-0123"],
  ["+49 1512 3456789"],
  ["01512 3456789", "DE"],
  ["+33 1 23"],
  ["not a number"],
  ["+999 123"],
  [""],
];

const summary = (n: ReturnType<typeof parsePhoneNumber>) =>
  n && {
    number: n.number,
    country: n.country,
    valid: n.isValid(),
    type: n.getType(),
    international: n.formatInternational(),
  };

describe("phone numbers", () => {
  it("parses every number as libphonenumber-js/max does (the same full metadata)", () => {
    for (const [text, country] of inputs) {
      const expected = country ? parsePhoneNumberFromString(text, country) : parsePhoneNumberFromString(text);
      expect(summary(parsePhoneNumber(text, country)), `${text} ${country ?? ""}`).toEqual(summary(expected));
    }
    // A mobile number: the type needs the full metadata, which the smaller sets do not have.
    expect(parsePhoneNumber("+33612345678")?.getType()).toBe("MOBILE");
  });

  it("gives libphonenumber's example mobile number for every country it knows", () => {
    for (const country of getCountries()) {
      expect(exampleMobileNumber(country)?.number, country).toBe(getExampleNumber(country, examples)?.number);
    }
  });
});
