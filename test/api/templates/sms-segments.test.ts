import { describe, expect, it } from "vitest";
import { fitSms, foldToGsm7, isGsm7, smsLength } from "../../../api/templates/sms-segments.ts";

const link = "https://status.example.com/incidents/inc_01HZXJ4Q9V2";

describe("SMS length: GSM-7", () => {
  it("fits 160 septets in one segment and cuts 161 into two parts", () => {
    expect(smsLength("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsLength("a".repeat(161))).toEqual({ encoding: "GSM-7", units: 161, segments: 2 });
  });

  it("fits 306 septets in two parts of 153 and needs a third for 307", () => {
    expect(smsLength("a".repeat(306)).segments).toBe(2);
    expect(smsLength("a".repeat(307)).segments).toBe(3);
  });

  it("counts extension characters (€, ^) as two septets", () => {
    expect(smsLength("€")).toEqual({ encoding: "GSM-7", units: 2, segments: 1 });
    expect(smsLength(`${"a".repeat(158)}^`).segments).toBe(1);
    expect(smsLength(`${"a".repeat(159)}^`)).toEqual({ encoding: "GSM-7", units: 161, segments: 2 });
  });

  it("never splits an escape pair across parts", () => {
    // 152 + 2 would straddle the first part's end: the € moves whole to the second part.
    const text = `${"a".repeat(152)}€${"b".repeat(152)}`;
    expect(smsLength(text).units).toBe(306);
    expect(smsLength(text).segments).toBe(3);
  });

  it("keeps GSM-7's own accented letters in GSM-7", () => {
    expect(isGsm7("Résolu à 10h, Ça marche: é è ù ì ò Ä Ö Ñ Ü ß")).toBe(true);
    expect(smsLength("").segments).toBe(0);
  });
});

describe("SMS length: UCS-2", () => {
  it("fits 70 code units in one segment and cuts 71 into two parts", () => {
    expect(smsLength("ê".repeat(70))).toEqual({ encoding: "UCS-2", units: 70, segments: 1 });
    expect(smsLength("ê".repeat(71))).toEqual({ encoding: "UCS-2", units: 71, segments: 2 });
    expect(smsLength("ê".repeat(134)).segments).toBe(2);
    expect(smsLength("ê".repeat(135)).segments).toBe(3);
  });

  it("switches the whole text to UCS-2 for one character outside GSM-7", () => {
    expect(smsLength(`${"a".repeat(69)}ê`).segments).toBe(1);
    expect(smsLength(`${"a".repeat(70)}ê`)).toEqual({ encoding: "UCS-2", units: 71, segments: 2 });
  });

  it("counts an emoji as two code units and never splits it across parts", () => {
    expect(smsLength("🚨")).toEqual({ encoding: "UCS-2", units: 2, segments: 1 });
    expect(smsLength(`${"a".repeat(68)}🚨`).segments).toBe(1);
    expect(smsLength(`${"a".repeat(69)}🚨`).segments).toBe(2);
    // 134 units would fill two parts of 67, but the emoji cannot straddle the first part's end.
    expect(smsLength(`${"a".repeat(66)}🚨${"b".repeat(66)}`)).toEqual({
      encoding: "UCS-2",
      units: 134,
      segments: 3,
    });
  });
});

describe("foldToGsm7", () => {
  it("spells typographic punctuation and missing accents in GSM-7, and keeps emoji", () => {
    expect(foldToGsm7("L’API « paiement » – enquête… cœur\u00a0:")).toBe(
      'L\'API " paiement " - enquete... coeur :',
    );
    expect(foldToGsm7("ça 🚨")).toBe("ca 🚨");
    expect(foldToGsm7("Résolu à Ça")).toBe("Résolu à Ça");
  });
});

describe("fitSms", () => {
  it("leaves a text that fits untouched, up to the exact limit", () => {
    const exact = `${"a".repeat(306 - link.length - 1)} ${link}`;
    expect(smsLength(exact).segments).toBe(2);
    expect(fitSms(exact)).toBe(exact);
    expect(fitSms("a".repeat(160), 1)).toBe("a".repeat(160));
  });

  it("cuts the words before the link, keeps the link whole, and uses ... in GSM-7", () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const fitted = fitSms(`Acme: ${words} ${link}`);
    expect(smsLength(fitted)).toMatchObject({ encoding: "GSM-7", segments: 2 });
    expect(fitted.endsWith(`... ${link}`)).toBe(true);
    expect(fitted.startsWith("Acme: word0 word1")).toBe(true);
    // Cut at the end of a word, and close to the limit: nothing a whole word more could fit.
    expect(fitted).toMatch(/word\d+\.\.\. https/);
    expect(smsLength(fitted).units).toBeGreaterThan(306 - 8);
  });

  it("uses … when the text stays UCS-2, and fits 2 UCS-2 parts", () => {
    const fitted = fitSms(`🚨 Panne: ${"enquête ".repeat(40)}${link}`);
    expect(smsLength(fitted)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(fitted).toContain(`\u2026 ${link}`);
    expect(fitted.startsWith("🚨 Panne: enquête")).toBe(true);
  });

  it("uses ... when the cut removed the only character outside GSM-7", () => {
    const fitted = fitSms(`Checkout down. ${"a".repeat(300)} ê ${link}`);
    expect(isGsm7(fitted)).toBe(true);
    expect(fitted.endsWith(`... ${link}`)).toBe(true);
  });

  it("never cuts an emoji in half", () => {
    const fitted = fitSms("🚨".repeat(100), 1);
    expect(fitted).toBe(`${"🚨".repeat(34)}\u2026`);
    expect(smsLength(fitted).segments).toBe(1);
  });

  it("cuts a text without a link, or with a link too long to keep, at its end", () => {
    expect(fitSms("a".repeat(400), 1)).toBe(`${"a".repeat(157)}...`);
    const huge = `Down ${"https://example.com/".padEnd(400, "x")}`;
    const fitted = fitSms(huge, 2);
    expect(smsLength(fitted).segments).toBe(2);
    expect(fitted.startsWith("Down https://example.com/x")).toBe(true);
  });

  it("refuses a budget that is not a whole number of segments", () => {
    expect(() => fitSms("hello", 0)).toThrow(/maxSegments/);
  });
});
