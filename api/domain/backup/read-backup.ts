import { DomainError } from "../errors.ts";
import { type BackupHeader, checkHeader } from "./backup-format.ts";
import { backedUpTables } from "./backup-tables.ts";
import { tableCodec } from "./table-codec.ts";

/** A backup file, readable twice: once to check it whole, once to restore it. */
export interface BackupSource {
  /** For messages, e.g. the file name. */
  name: string;
  lines(): AsyncIterable<string>;
  text(): Promise<string>;
}

export type BackupEvent =
  | { kind: "header"; header: BackupHeader }
  | { kind: "table"; table: string; where: string }
  | { kind: "row"; table: string; row: unknown; where: string };

/** `lines`: the exporter's one-row-per-line layout, streamed. `document`: any JSON layout, read whole. */
export type BackupLayout = "lines" | "document";

/** The file is not in the exporter's line layout (reformatted, hand-edited or truncated). */
export class LayoutMismatch extends Error {
  constructor() {
    super("the backup file does not have the layout it had a moment ago: was it changed during the restore?");
  }
}

/**
 * `npm run vigie -- export > backup.json` also captures npm's banner (`> vigie@… vigie` lines) on
 * stdout before the JSON: it is skipped rather than making people remember `--silent`.
 */
const isBanner = (line: string) => line.trim() === "" || line.startsWith("> ");

export function readBackup(source: BackupSource, layout: BackupLayout): AsyncGenerator<BackupEvent> {
  return layout === "lines" ? lineEvents(source) : documentEvents(source);
}

const tableOpening = /^("(?:[^"\\]|\\.)*"):\[(\])?,?$/;

async function* lineEvents(source: BackupSource): AsyncGenerator<BackupEvent> {
  let state: "header" | "tables" | "rows" | "end" = "header";
  let table = "";
  let n = 0;
  for await (const raw of source.lines()) {
    n++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const where = `${source.name} line ${n}`;
    if (state === "header") {
      if (isBanner(line)) continue;
      if (!line.startsWith("{") || !line.endsWith('"tables":{')) throw new LayoutMismatch();
      yield { kind: "header", header: checkHeader(parse(`${line}}}`), source.name) };
      state = "tables";
    } else if (state === "rows") {
      if (line === "]" || line === "],") state = "tables";
      else if (line.startsWith("{"))
        yield { kind: "row", table, row: parse(line.endsWith(",") ? line.slice(0, -1) : line), where };
      else throw new LayoutMismatch();
    } else if (state === "tables") {
      const opening = tableOpening.exec(line);
      if (line === "}}") state = "end";
      else if (!opening) throw new LayoutMismatch();
      else {
        table = parse(opening[1]!) as string;
        yield { kind: "table", table, where };
        if (!opening[2]) state = "rows";
      }
    } else if (line.trim() !== "") throw new LayoutMismatch();
  }
  if (state !== "end") throw new LayoutMismatch();
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LayoutMismatch();
  }
}

/** Any layout of the same JSON (e.g. pretty-printed with jq): read whole, so it costs memory. */
async function* documentEvents(source: BackupSource): AsyncGenerator<BackupEvent> {
  let document: unknown;
  try {
    const text = await source.text();
    const lines = text.split("\n");
    const banner = lines.findIndex((line) => !isBanner(line));
    document = JSON.parse(banner > 0 ? lines.slice(banner).join("\n") : text);
  } catch (error) {
    throw new DomainError(
      "invalid_input",
      `${source.name} is not valid JSON (${(error as Error).message}); was the export interrupted?`,
    );
  }
  yield { kind: "header", header: checkHeader(document, source.name) };
  const tables = (document as { tables?: unknown }).tables;
  if (typeof tables !== "object" || tables === null || Array.isArray(tables))
    throw new DomainError("invalid_input", `${source.name}: "tables" must be an object of arrays of rows.`);
  // The restore order, whatever order the keys were written in; unknown names last (and refused).
  const order = backedUpTables.map((spec) => tableCodec(spec.table).name);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const names = Object.keys(tables).sort((a, b) => rank(a) - rank(b));
  for (const name of names) {
    const rows = (tables as Record<string, unknown>)[name];
    const where = `${source.name} tables.${name}`;
    if (!Array.isArray(rows)) throw new DomainError("invalid_input", `${where} must be an array of rows.`);
    yield { kind: "table", table: name, where };
    for (const [i, row] of rows.entries()) yield { kind: "row", table: name, row, where: `${where}[${i}]` };
  }
}
