import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine, parseCsv } from "../../../api/console/subscribers/csv.ts";

const cellsOf = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.records.map((r) => r.cells);
};

describe("CSV", () => {
  it("quotes as RFC 4180 says: commas, quotes and line breaks inside quotes, quotes doubled, CRLF", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines"])).toBe('a,"b,c","say ""hi""","two\nlines"\r\n');
    expect(cellsOf('a,"b,c","say ""hi""","two\nlines"\r\nx,y\n')).toEqual([
      ["a", "b,c", 'say "hi"', "two\nlines"],
      ["x", "y"],
    ]);
  });

  it("puts an apostrophe before a cell a spreadsheet would run as a formula", () => {
    for (const value of ["=1+1", "+33612345678", "-2", "@SUM(A1)", "\tx", "'=already"])
      expect(csvCell(value).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell("ada@example.com")).toBe("ada@example.com");
  });

  it("reads back exactly what it wrote, whatever the cells", () => {
    const row = fc.array(fc.string({ unit: "binary", maxLength: 12 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        // A record of one empty cell is a blank line, which the reader skips.
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === ""));
        expect(cellsOf(kept.map(csvLine).join(""))).toEqual(kept);
      }),
      { numRuns: 300 },
    );
  });

  it("names the line of a quote left open, and numbers records by the line they start on", () => {
    expect(parseCsv('h\r\nok\r\n"never closed\r\nmore')).toEqual({
      ok: false,
      error: 'line 3: a quoted cell is never closed; add the closing "',
    });
    const parsed = parseCsv('\uFEFFh\n"a\nb"\n\nc');
    expect(parsed.ok && parsed.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ["h"]],
      [2, ["a\nb"]],
      [5, ["c"]],
    ]);
  });
});
