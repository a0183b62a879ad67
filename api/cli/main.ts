import type { DbHandle } from "../../db/client.ts";
import { openDatabase } from "../boot.ts";
import { ConfigError, parseConfig } from "../config.ts";
import { systemClock } from "../domain/clock.ts";
import type { Deps } from "../domain/context.ts";
import { createLogger } from "../domain/logger.ts";
import { createToken, listTokens, revokeToken } from "../domain/tokens/tokens.ts";
import { type Role, roles } from "../domain/types.ts";
import { cliActor, parseOptions, printTable, UsageError } from "./cli-kit.ts";
import { parseExportCommand, parseImportCommand } from "./commands/backup.ts";
import { parseImportStatuspageCommand } from "./commands/import-statuspage.ts";
import { parseUserCommand, type StdinReader } from "./commands/users.ts";

const usage = `Usage: vigie <command> [options]   (from a checkout: npm run vigie -- <command>)

Commands:
  serve [--demo | --no-demo]               start the server (from the build of npm run build when it is current)
  migrate                                  create or upgrade the database (DATABASE_URL)
  token create --name <name> [--role <r>]  create an API token and print it once (role: owner|editor|viewer, default editor)
  token list                               list API tokens (never their secrets)
  token revoke <id>                        revoke a token at once
  user create --email <e> [--name <n>] [--role <r>] --password-stdin
                                           create a console user (role default editor; the password is read from stdin)
  user list                                list console users (never their password hashes)
  user set-password --email <e> --password-stdin
                                           set a user's password (from stdin) and sign out their sessions
  export [--with-secrets] > backup.json    write every table a restore needs as JSON (hashes and signing keys only with --with-secrets)
  import <backup.json>                     restore a backup into an empty database
  import-statuspage <url> [--allow-private]  copy components, incidents and maintenances from a public Statuspage page into an empty one
  help                                     show this help
`;

export { UsageError };

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input, read to its end (passwords: `--password-stdin`). */
  readStdin?: StdinReader;
}

interface CommandContext {
  deps: Deps;
  handle: DbHandle;
  io: CliIo;
}

/** A parsed command, ready to run once the database is open. */
type Command = (ctx: CommandContext) => Promise<number>;

/**
 * Runs one CLI command; returns the exit code: 0 on success, 2 for a wrong command line or
 * configuration, 1 when the command itself fails. Every error is one line on stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage);
    return 0;
  }
  if (!name) {
    io.stderr(usage);
    return 2;
  }
  try {
    // The command line and the configuration are checked before the database is touched.
    const command = parseCommand(name, rest, io);
    const config = parseConfig({ LOG_LEVEL: "warn", ...io.env });
    const logger = createLogger(config.server.logLevel, io.stderr);
    const { handle, deps } = await openDatabase(config, systemClock, logger);
    try {
      return await command({ deps, handle, io });
    } finally {
      handle.close();
    }
  } catch (error) {
    io.stderr(`vigie: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError || error instanceof ConfigError ? 2 : 1;
  }
}

function parseCommand(name: string, args: string[], io: CliIo): Command {
  switch (name) {
    case "migrate":
      parseOptions("migrate", args, {});
      return async ({ handle, io }) => {
        io.stdout(`Database ${handle.location} is migrated and ready.\n`);
        return 0;
      };
    case "token":
      return parseTokenCommand(args);
    case "user":
      return parseUserCommand(args, io.readStdin);
    case "export":
      return parseExportCommand(args);
    case "import":
      return parseImportCommand(args);
    case "import-statuspage":
      return parseImportStatuspageCommand(args);
    default:
      throw new UsageError(`unknown command "${name}". Run "vigie help" for the list.`);
  }
}

function parseTokenCommand([sub, ...args]: string[]): Command {
  switch (sub) {
    case "create": {
      const { values } = parseOptions("token create", args, {
        name: { type: "string" },
        role: { type: "string", default: "editor" },
      });
      const name = String(values.name ?? "").trim();
      if (!name) throw new UsageError("token create needs --name <name>.");
      if (name.length > 255) throw new UsageError("--name must be at most 255 characters.");
      const role = String(values.role);
      if (!(roles as readonly string[]).includes(role))
        throw new UsageError(`--role must be one of ${roles.join(", ")}; got "${role}".`);
      return async ({ deps, io }) => {
        const { token } = await createToken({
          ctx: { deps, actor: cliActor },
          input: { name, role: role as Role },
        });
        io.stdout(`${token}\n`);
        return 0;
      };
    }
    case "list":
      parseOptions("token list", args, {});
      return async ({ deps, io }) => {
        const tokens = await listTokens({ ctx: { deps, actor: cliActor } });
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
        printTable(io, ["ID", "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "STATE"], rows);
        return 0;
      };
    case "revoke": {
      const { positionals } = parseOptions("token revoke", args, {}, true);
      if (positionals.length !== 1)
        throw new UsageError("token revoke needs exactly one token id (see `vigie token list`).");
      const id = positionals[0]!;
      return async ({ deps, io }) => {
        const info = await revokeToken({ ctx: { deps, actor: cliActor }, input: { id } });
        io.stdout(`Revoked ${info.id} (${info.name}).\n`);
        return 0;
      };
    }
    default:
      throw new UsageError("token needs a subcommand: create, list or revoke.");
  }
}
