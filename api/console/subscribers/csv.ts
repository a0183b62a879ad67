/**
 * CSV as RFC 4180 writes it (comma, CRLF, double quotes doubled), with the spreadsheet formula guard:
 * a cell that starts like a formula gets a leading apostrophe, so opening an export never runs a
 * subscriber-supplied formula. Reading takes one such apostrophe off again, so an export imports back
 * unchanged (a value that itself starts with apostrophes before a formula character gets one more).
 */

const formulaStart = /^'*[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const guarded = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;

const unguard = (cell: string) =>
  cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell;

export interface CsvRecord {
  /** The line of the file the record starts on (1 is the header). */
  line: number;
  cells: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; error: string };

/** Reads CSV text (CRLF or LF); a quote left open is an error naming its line. Blank lines are skipped. */
export function parseCsv(text: string): CsvParse {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endCell = () => {
    cells.push(unguard(cell));
    cell = "";
  };
  const endRecord = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== "") records.push({ line: start, cells });
    cells = [];
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") endCell();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) return { ok: false, error: `line ${start}: a quoted cell is never closed; add the closing "` };
  if (cell !== "" || cells.length > 0) endRecord();
  return { ok: true, records };
}
