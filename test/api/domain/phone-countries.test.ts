import { getCountries } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { phoneCountrySchema } from "../../../api/domain/settings/schemas.ts";

describe("the countries a phone number may default to", () => {
  it("are the countries of libphonenumber's metadata, read without loading it", () => {
    expect([...phoneCountrySchema.options].sort()).toEqual([...getCountries()].sort());
  });

  it("refuse what is no country libphonenumber knows, saying what is expected", () => {
    for (const bad of ["XX", "fr", "FRA", "", "<b>"]) {
      const result = phoneCountrySchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("must be a two-letter country code such as FR, GB or US");
    }
    expect(phoneCountrySchema.parse("FR")).toBe("FR");
  });
});
