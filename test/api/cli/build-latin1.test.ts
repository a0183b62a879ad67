import ts from "typescript";
import { describe, expect, it } from "vitest";
import { escapeRegexLiterals } from "../../../api/cli/build-plugins.js";

const beyondLatin1 = /[\u0100-\uffff]/g;

/** Runs `source` (a function body returning a value) and gives back what it returns. */
const evaluate = (source: string) => new Function(source)() as unknown;

describe("the build keeps the bundle's source text Latin-1, one byte a character in V8's memory", () => {
  it("rewrites characters beyond Latin-1 in regular expressions with escapes that mean the same", () => {
    const source = [
      'const slug = (s) => s.replace(/[œ]/g, "oe").replace(/[ẞ]/g, "SS");',
      'const dots = (s) => s.replace(/([?!])…/g, "$1..");',
      "const emoji = /^[😀-😂]$/u;",
      "const pair = /😀/;",
      'const text = "œ stays in a string: esbuild escapes strings itself";',
      'return [slug("cœur ẞ"), dots("what?…"), emoji.test("😁"), emoji.test("a"), pair.test("x😀y"), text];',
    ].join("\n");
    const escaped = escapeRegexLiterals(ts, source, "probe.js");
    expect(escaped.slice(0, escaped.indexOf("const text")).match(beyondLatin1)).toBeNull();
    expect(escaped).toContain('"œ stays in a string');
    expect(evaluate(escaped)).toEqual(evaluate(source));
    expect(evaluate(escaped)).toEqual(["coeur SS", "what?..", true, false, true, expect.any(String)]);
  });
});
