import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import type { DbHandle } from "../../db/client.ts";
import type { Actor, Deps } from "../domain/context.ts";

/** A wrong command line: exit code 2, before anything is opened. */
export class UsageError extends Error {}

/** What a command writes to; `runCli` passes more (environment), commands take only what they use. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CommandContext {
  deps: Deps;
  handle: DbHandle;
  io: CommandIo;
}

/** A parsed command, ready to run once the database is open. */
export type Command = (ctx: CommandContext) => Promise<number>;

/** The shell is trusted like the owner: whoever runs the CLI can read the database file anyway. */
export const cliActor: Actor = { id: "cli", role: "owner" };

/** `parseArgs`, strict, with a message that lists the options a command knows. */
export function parseOptions<T extends ParseArgsOptionsConfig>(
  what: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, "");
    const known = Object.keys(options).map((o) => `--${o}`);
    const hint = known.length ? ` (options: ${known.join(", ")})` : "";
    throw new UsageError(`${what}: ${message}${hint}.`.replace(/\.\./g, "."));
  }
}

/** Rows under a header, each column as wide as its widest cell, two spaces apart. */
export function printTable(io: CommandIo, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    io.stdout(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()}\n`,
    );
}
