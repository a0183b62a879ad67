import { z } from "zod";
import { DomainError } from "../errors.ts";

export const backupFormat = "vigie-backup";
export const backupVersion = 1;

/**
 * The document is `{format, version, exported_at, with_secrets, page_updated_at, tables: {name: [rows]}}`.
 * The exporter writes the header on the first line and then one row per line, so a restore can read it
 * line by line without holding it in memory; any other layout of the same JSON is read whole.
 */
export const backupHeaderSchema = z.object({
  format: z.string(),
  version: z.number(),
  exported_at: z.iso.datetime({ offset: true }),
  with_secrets: z.boolean(),
  /** When the public page last changed, so that it says the same `updated_at` once restored. */
  page_updated_at: z.iso.datetime({ offset: true }).nullable(),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** Checks the header first, so that a file that is not a backup is refused before anything else. */
export function checkHeader(value: unknown, where: string): BackupHeader {
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== backupFormat)
    throw new DomainError(
      "invalid_input",
      `${where} is not a Vigie backup: it must be a JSON object with "format": "${backupFormat}" (make one with vigie export).`,
    );
  const version = (value as { version?: unknown }).version;
  if (version !== backupVersion)
    throw new DomainError(
      "invalid_input",
      typeof version === "number" && version > backupVersion
        ? `${where} is a version ${version} backup; this Vigie reads version ${backupVersion}: upgrade Vigie to restore it.`
        : `${where} has an unknown backup version ${JSON.stringify(version)}; expected ${backupVersion}.`,
    );
  const parsed = backupHeaderSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError(
      "invalid_input",
      `${where}: header field ${issue.path.join(".")}: ${issue.message}.`,
    );
  }
  return parsed.data;
}

/** The first line: everything up to the opening of `tables`. */
export function headerLine(header: BackupHeader): string {
  return `${JSON.stringify(header).slice(0, -1)},"tables":{\n`;
}
