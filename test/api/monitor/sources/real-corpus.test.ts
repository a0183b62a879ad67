import { describe, expect, it } from "vitest";
import { realFiles, realText } from "../../../helpers/real-corpus.ts";

describe("the real-capture corpus", () => {
  const readme = realText("README.md");
  const listed = new Set([...readme.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]!));

  it("gives every document an origin row in its README, and lists no file that is not there", () => {
    const files = realFiles();
    expect(files.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !files.includes(f))).toEqual([]);
  });

  it("names every variant DERIVED, in the DERIVED section only", () => {
    const section = readme.slice(readme.indexOf("## DERIVED variants"), readme.indexOf("## Not found"));
    const derived = new Set([...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]!));
    for (const file of listed) expect(derived.has(file), file).toBe(file.includes("DERIVED"));
  });
});
