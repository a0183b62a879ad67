import { isoDateTimeSchema, localeSchema } from "../schemas.ts";
import type { Locale } from "../types.ts";
import { emailAddressSchema } from "./schemas.ts";

/** One line of an import: its line number in the file and its fields by column name. */
export interface ImportLine {
  line: number;
  fields: Record<string, string>;
}

export interface ImportValue {
  address: string;
  locale: Locale;
  components: string[];
  /** The consent time the file gives; null means "ask them to confirm". */
  confirmedAt: Date | null;
}

export type ParsedLine =
  | { outcome: "ok"; value: ImportValue }
  | { outcome: "skipped" | "error"; message: string };

const error = (message: string): ParsedLine => ({ outcome: "error", message });
const field = (line: ImportLine, name: string) => (line.fields[name] ?? "").trim();

/** Checks one line's fields (the columns of the export: channel, address, locale, state, components, confirmed_at). */
export function parseImportLine(
  line: ImportLine,
  { defaultLocale, now }: { defaultLocale: Locale; now: Date },
): ParsedLine {
  const channel = field(line, "channel").toLowerCase() || "email";
  if (channel !== "email")
    return error(
      `channel: only email subscribers can be imported (${channel} subscribers confirm on their own channel); write "email" or leave it empty`,
    );
  const address = emailAddressSchema.safeParse(field(line, "address"));
  if (!address.success) return error(`address: ${address.error.issues[0]!.message}`);
  const localeText = field(line, "locale");
  const locale = localeSchema.safeParse(localeText || defaultLocale);
  if (!locale.success) return error(`locale: must be one of ${localeSchema.options.join(", ")}`);
  const state = field(line, "state").toLowerCase();
  if (state === "unsubscribed" || state === "suppressed" || state === "disabled")
    return {
      outcome: "skipped",
      message: `state ${state}: not imported, so nobody who left is written to again`,
    };
  if (state !== "" && state !== "active" && state !== "pending")
    return error(`state: must be active, pending or empty (got ${JSON.stringify(state)})`);
  const components = field(line, "components")
    .split(/[\s;]+/)
    .filter(Boolean);
  if (components.length > 1000) return error("components: at most 1000 ids");
  let confirmedAt: Date | null = null;
  const consent = field(line, "confirmed_at");
  if (consent && state !== "pending") {
    const parsed = isoDateTimeSchema.safeParse(consent);
    if (!parsed.success) return error(`confirmed_at: ${parsed.error.issues[0]!.message}`);
    confirmedAt = new Date(parsed.data);
    if (confirmedAt > now) return error("confirmed_at: must not be in the future");
  }
  return {
    outcome: "ok",
    value: { address: address.data.toLowerCase(), locale: locale.data, components, confirmedAt },
  };
}
