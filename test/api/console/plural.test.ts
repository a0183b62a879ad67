import { describe, expect, it } from "vitest";
import { languageLine } from "../../../api/console/incidents/recipient-phrases.ts";
import { counted } from "../../../api/console/kit/index.ts";

const noun = { one: "recipient", other: "recipients" };
const nom = { one: "abonné", other: "abonnés" };

describe("counts in words", () => {
  it("follows each language's plural rule, zero included", () => {
    expect([0, 1, 2].map((n) => counted(n, noun))).toEqual(["0 recipients", "1 recipient", "2 recipients"]);
    expect([0, 1, 2].map((n) => counted(n, nom, "fr"))).toEqual(["0 abonné", "1 abonné", "2 abonnés"]);
  });

  it("says who gets a message in each language, in that language", () => {
    const one = [{ channel: "email" as const, count: 1 }];
    const three = [
      { channel: "email" as const, count: 2 },
      { channel: "sms" as const, count: 0 },
      { channel: "slack" as const, count: 1 },
    ];
    expect(languageLine("en", one)).toBe("1 subscriber gets it in English: 1 by email.");
    expect(languageLine("en", three)).toBe("3 subscribers get it in English: 2 by email, 1 on Slack.");
    expect(languageLine("fr", one)).toBe("1 abonné le reçoit en français : 1 par e-mail.");
    expect(languageLine("fr", three)).toBe("3 abonnés le reçoivent en français : 2 par e-mail, 1 sur Slack.");
    expect(languageLine("fr", [])).toBe("Aucun abonné ne le reçoit en français.");
    expect(languageLine("en", [{ channel: "sms", count: 0 }])).toBe("No subscriber gets it in English.");
  });
});
