import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { openDatabase } from "../boot.ts";
import { ConfigError, parseConfig } from "../config.ts";
import { systemClock } from "../domain/clock.ts";
import type { Actor } from "../domain/context.ts";
import { DomainError } from "../domain/errors.ts";
import { createLogger } from "../domain/logger.ts";
import { createToken, listTokens, revokeToken } from "../domain/tokens/tokens.ts";
import { type Role, roles } from "../domain/types.ts";

const usage = `Usage: vigie <command> [options]   (from a checkout: npm run vigie -- <command>)

Commands:
  migrate                                  create or upgrade the database (DATABASE_URL)
  token create --name <name> [--role <r>]  create an API token and print it once (role: owner|editor|viewer, default editor)
  token list                               list API tokens (never their secrets)
  token revoke <id>                        revoke a token at once
  help                                     show this help
`;

export class UsageError extends Error {}

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const cliActor: Actor = { id: "cli", role: "owner" };

/** Runs one CLI command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    io.stdout(usage);
    return command ? 0 : 2;
  }
  try {
    const config = parseConfig({ LOG_LEVEL: "warn", ...io.env });
    const logger = createLogger(config.logLevel, io.stderr);
    const { handle, deps } = await openDatabase(config, systemClock, logger);
    try {
      switch (command) {
        case "migrate":
          io.stdout(`Database ${handle.location} is migrated and ready.\n`);
          return 0;
        case "token":
          return await tokenCommand(rest, deps, io);
        default:
          throw new UsageError(`unknown command "${command}". Run "vigie help" for the list.`);
      }
    } finally {
      handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`vigie: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DomainError) {
      io.stderr(`vigie: ${error.message}\n`);
      return 1;
    }
    io.stderr(`vigie: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function tokenCommand(
  argv: string[],
  deps: Parameters<typeof listTokens>[0],
  io: CliIo,
): Promise<number> {
  const [sub, ...rest] = argv;
  const parse = (options: ParseArgsOptionsConfig) => {
    try {
      return parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`token ${sub}: ${(error as Error).message}`);
    }
  };
  switch (sub) {
    case "create": {
      const { values } = parse({ name: { type: "string" }, role: { type: "string", default: "editor" } });
      const name = String(values.name ?? "").trim();
      if (!name) throw new UsageError("token create needs --name <name>.");
      const role = String(values.role);
      if (!(roles as readonly string[]).includes(role))
        throw new UsageError(`--role must be one of ${roles.join(", ")}; got "${role}".`);
      if (name.length > 255) throw new UsageError("--name must be at most 255 characters.");
      const { token } = await createToken(deps, cliActor, { name, role: role as Role });
      io.stdout(`${token}\n`);
      return 0;
    }
    case "list": {
      parse({});
      const tokens = await listTokens(deps, cliActor);
      if (tokens.length === 0) {
        io.stdout("No tokens. Create one with: vigie token create --name <name>\n");
        return 0;
      }
      const rows = tokens.map((t) => [
        t.id,
        t.name,
        t.role,
        `${t.prefix}…`,
        t.createdAt.toISOString(),
        t.lastUsedAt?.toISOString() ?? "never",
        t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active",
      ]);
      const header = ["ID", "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "STATE"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows])
        io.stdout(
          `${row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join("  ")
            .trimEnd()}\n`,
        );
      return 0;
    }
    case "revoke": {
      const { positionals } = parse({});
      if (positionals.length !== 1)
        throw new UsageError("token revoke needs exactly one token id (see `vigie token list`).");
      const info = await revokeToken(deps, cliActor, positionals[0]!);
      io.stdout(`Revoked ${info.id} (${info.name}).\n`);
      return 0;
    }
    default:
      throw new UsageError(`token needs a subcommand: create, list or revoke.`);
  }
}
