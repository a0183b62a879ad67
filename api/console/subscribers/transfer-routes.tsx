import { type Context, Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { exportSubscribers } from "../../domain/subscribers/export-subscribers.ts";
import {
  type ImportLine,
  type ImportReport,
  importSubscribers,
} from "../../domain/subscribers/import-subscribers.ts";
import { readFormBody } from "../../web/form-body.ts";
import { consolePage } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { csvLine, parseCsv } from "./csv.ts";
import { ImportForm, ImportResult } from "./import-view.tsx";

type C = Context<ConsoleEnv>;

export const csvColumns = ["channel", "address", "locale", "state", "components", "confirmed_at"] as const;

/** The console refuses bodies over 64 KiB; the text itself is held to the same bound. */
const maxCsvBytes = 64 * 1024;

/** The CSV's lines as the import verb reads them, or what is wrong with the file as a whole. */
function importLines(text: string): { lines: ImportLine[] } | { error: string } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { error: parsed.error };
  const [header, ...records] = parsed.records;
  if (!header) return { error: "The file is empty: give a header line, then one line per subscriber." };
  const names = header.cells.map((h) => h.trim().toLowerCase());
  if (!names.includes("address"))
    return { error: `The header line must name an address column (expected: ${csvColumns.join(",")}).` };
  return {
    lines: records.map((r) => ({
      line: r.line,
      fields: Object.fromEntries(names.map((name, i) => [name, r.cells[i] ?? ""])),
    })),
  };
}

/** Subscribers out to a spreadsheet and in from one (email only, consent kept or asked again). */
export function subscriberTransferRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");

  app.get("/subscribers.csv", editor, async (c) => {
    const pages = await exportSubscribers({ ctx: { deps: ctx.deps, actor: c.get("actor") } });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvLine([...csvColumns])));
      },
      async pull(controller) {
        const next = await pages.next();
        if (next.done) return controller.close();
        const text = next.value
          .map((s) =>
            csvLine([
              s.channel,
              s.address,
              s.locale,
              s.state,
              s.components.join(" "),
              s.confirmedAt?.toISOString() ?? "",
            ]),
          )
          .join("");
        controller.enqueue(encoder.encode(text));
      },
    });
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="subscribers.csv"',
    });
  });

  const form = (c: C, text = "", error?: string) =>
    consolePage(
      c,
      "Import subscribers",
      <ImportForm csrfToken={c.get("csrfToken")} text={text} error={error} />,
      {
        status: error ? 422 : 200,
      },
    );

  app.get("/subscribers/import", editor, (c) => form(c));

  app.post("/subscribers/import", editor, async (c) => {
    const body = await readFormBody(c);
    const file = body.csv_file;
    const pasted = typeof body.csv_text === "string" ? body.csv_text : "";
    const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
    if (text.trim() === "") return form(c, pasted, "Choose a CSV file or paste its text.");
    if (new TextEncoder().encode(text).byteLength > maxCsvBytes)
      return form(c, "", `The CSV is larger than ${maxCsvBytes / 1024} KiB; split it into smaller files.`);
    const lines = importLines(text);
    if ("error" in lines) return form(c, pasted, lines.error);
    let report: ImportReport;
    try {
      report = await importSubscribers({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { lines: lines.lines },
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid_input")
        return form(c, pasted, error.message);
      throw error;
    }
    return consolePage(c, "Import subscribers", <ImportResult report={report} />);
  });
  return app;
}
