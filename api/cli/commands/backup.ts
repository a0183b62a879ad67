import { createReadStream, existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { BackupProgress } from "../../domain/backup/export-backup.ts";
import { exportBackup } from "../../domain/backup/export-backup.ts";
import { importBackup } from "../../domain/backup/import-backup.ts";
import type { BackupSource } from "../../domain/backup/read-backup.ts";
import { type Command, type CommandIo, cliActor, parseOptions, UsageError } from "../cli-kit.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One stderr line per table that has rows, and one every N rows of a long one. */
function progressLine(verb: string, io: CommandIo) {
  return ({ table, rows, total, done }: BackupProgress) => {
    if (done && rows > 0) io.stderr(`${verb}: ${table}: ${plural(rows, "row")}\n`);
    if (!done) io.stderr(`${verb}: ${table}: ${rows}${total === undefined ? "" : ` of ${total}`} rows…\n`);
  };
}

/** `vigie export [--with-secrets]`: the whole page as JSON on stdout. */
export function parseExportCommand(args: string[]): Command {
  const { values } = parseOptions("export", args, { "with-secrets": { type: "boolean", default: false } });
  const withSecrets = values["with-secrets"] === true;
  return async ({ deps, handle, io }) => {
    if (!withSecrets)
      io.stderr(
        "export: without --with-secrets: no password or token hashes and no installation secrets. After a restore, links in messages sent before it (confirm, manage, unsubscribe) stop working and webhook signing secrets change; users need new passwords and tokens are revoked.\n",
      );
    const counts = await exportBackup({
      ctx: {
        deps,
        actor: cliActor,
        client: handle.client,
        write: io.stdout,
        onProgress: progressLine("export", io),
        snapshot: handle.kind !== "remote",
      },
      input: { withSecrets },
    });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    io.stderr(`export: done, ${plural(rows, "row")} from ${plural(Object.keys(counts).length, "table")}.\n`);
    return 0;
  };
}

function fileSource(path: string): BackupSource {
  return {
    name: path,
    lines: () =>
      createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY }),
    text: () => readFile(path, "utf8"),
  };
}

/** `vigie import <file>`: restores a backup into an empty database. */
export function parseImportCommand(args: string[]): Command {
  const { positionals } = parseOptions("import", args, {}, true);
  if (positionals.length !== 1)
    throw new UsageError("import needs exactly one backup file (made by vigie export > backup.json).");
  const path = positionals[0]!;
  // Checked before the database is opened, which would create it.
  if (!existsSync(path) || !statSync(path).isFile())
    throw new UsageError(`import: ${path} is not a file (give the path of a backup made by vigie export).`);
  return async ({ deps, handle, io }) => {
    const result = await importBackup({
      ctx: { deps, actor: cliActor, source: fileSource(path), onProgress: progressLine("import", io) },
    });
    for (const warning of result.warnings) io.stderr(`import: warning: ${warning}\n`);
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    io.stdout(
      `Restored ${plural(rows, "row")} from ${path} (exported ${result.header.exported_at}) into ${handle.location}.\n`,
    );
    return 0;
  };
}
