import { describe, expect, it } from "vitest";
import { clientNetwork } from "../../../../api/domain/subscribers/client-network.ts";
import { countryOfPhone, smsCountriesOf } from "../../../../api/domain/subscribers/sms-countries.ts";

describe("the network a client counts as", () => {
  it("is the /64 of an IPv6 address, however it is written, and the address itself for IPv4", () => {
    for (const spelling of [
      "2001:db8:1:2::a",
      "2001:0DB8:0001:0002:ffff:ffff:ffff:ffff",
      "2001:db8:1:2:0:0:0:1",
    ])
      expect(clientNetwork(spelling), spelling).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
    expect(clientNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("local")).toBe("local");
  });
});

describe("SMS countries", () => {
  it("default to the countries of the page's languages, and an owner's list replaces them", () => {
    const en = smsCountriesOf({ smsCountries: null, locales: ["en"] });
    expect(en).toEqual(["GB", "GG", "JE", "IM", "IE", "US", "CA", "AU", "NZ"]);
    const both = smsCountriesOf({ smsCountries: null, locales: ["en", "fr"] });
    expect(both).toContain("RE");
    expect(both.filter((c) => c === "CA")).toHaveLength(1);
    expect(smsCountriesOf({ smsCountries: ["DE"], locales: ["en", "fr"] })).toEqual(["DE"]);
    expect(countryOfPhone("+262692123456")).toBe("RE");
    expect(countryOfPhone("+33612345678")).toBe("FR");
    expect(countryOfPhone("+14155552671")).toBe("US");
  });
});
