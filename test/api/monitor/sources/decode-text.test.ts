import { describe, expect, it } from "vitest";
import { decodeText } from "../../../../api/monitor/sources/decode-text.ts";
import { utf16WithBom } from "../../../helpers/upstream-server.ts";

const text = '[{"summary":"Région Paris – 🚨"}]';

describe("decodeText", () => {
  it("decodes UTF-16 BE and LE by their byte-order mark, surrogate pairs included", () => {
    expect(decodeText(utf16WithBom(text, "be"))).toBe(text);
    expect(decodeText(utf16WithBom(text, "le"))).toBe(text);
  });

  it("guesses UTF-16 without a BOM from the zero byte beside the first ASCII character", () => {
    expect(decodeText(utf16WithBom(text, "be").subarray(2))).toBe(text);
    expect(decodeText(utf16WithBom(text, "le").subarray(2))).toBe(text);
  });

  it("reads UTF-8 with or without a BOM", () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(utf8)).toBe(text);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
  });

  it("decodes a body longer than one decoding chunk", () => {
    const long = "é".repeat(20_000);
    expect(decodeText(utf16WithBom(long, "be"))).toBe(long);
  });
});
