import { type Role, roles } from "../../domain/types.ts";
import { changePassword } from "../../domain/users/change-password.ts";
import { createUser } from "../../domain/users/create-user.ts";
import { listUsers } from "../../domain/users/list-users.ts";
import { type Command, cliActor, parseOptions, printTable, UsageError } from "../cli-kit.ts";

/** Reads standard input to its end: passwords never go on a command line, where `ps` shows them. */
export type StdinReader = () => Promise<string>;

const passwordFlag = { "password-stdin": { type: "boolean", default: false } } as const;

/** The password piped in, without the newline `echo` adds. */
async function passwordFrom(readStdin: StdinReader | undefined, what: string): Promise<string> {
  if (!readStdin) throw new UsageError(`${what}: standard input cannot be read here.`);
  const text = (await readStdin()).replace(/\r?\n$/, "");
  if (!text)
    throw new UsageError(
      `${what}: standard input is empty; pipe the password in, e.g. printf '%s' "$PW" | vigie ...`,
    );
  return text;
}

function requirePasswordStdin(what: string, given: boolean | undefined) {
  if (!given)
    throw new UsageError(
      `${what} needs --password-stdin: the password is read from standard input, never from the command line.`,
    );
}

/** `vigie user create|list|set-password`: console accounts from a shell (the first owner, a lost password). */
export function parseUserCommand([sub, ...args]: string[], readStdin?: StdinReader): Command {
  switch (sub) {
    case "create": {
      const { values } = parseOptions("user create", args, {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string", default: "editor" },
        ...passwordFlag,
      });
      const email = String(values.email ?? "").trim();
      if (!email) throw new UsageError("user create needs --email <address>.");
      const role = String(values.role);
      if (!(roles as readonly string[]).includes(role))
        throw new UsageError(`--role must be one of ${roles.join(", ")}; got "${role}".`);
      requirePasswordStdin("user create", values["password-stdin"]);
      const name = String(values.name ?? email.split("@")[0] ?? email);
      return async ({ deps, io }) => {
        const password = await passwordFrom(readStdin, "user create");
        const user = await createUser({
          ctx: { deps, actor: cliActor },
          input: { email, name, role: role as Role, password },
        });
        io.stdout(`Created ${user.id} (${user.email}, ${user.role}). Sign in at /admin/login.\n`);
        return 0;
      };
    }
    case "list":
      parseOptions("user list", args, {});
      return async ({ deps, io }) => {
        const users = await listUsers({ ctx: { deps, actor: cliActor } });
        if (users.length === 0) {
          io.stdout(
            "No users. Create the owner with: vigie user create --email <address> --role owner --password-stdin\n",
          );
          return 0;
        }
        const header = ["ID", "EMAIL", "NAME", "ROLE", "STATE", "LAST SIGN-IN"];
        const rows = users.map((u) => [
          u.id,
          u.email,
          u.name,
          u.role,
          u.disabledAt ? "disabled" : "active",
          u.lastLoginAt?.toISOString() ?? "never",
        ]);
        printTable(io, header, rows);
        return 0;
      };
    case "set-password": {
      const { values } = parseOptions("user set-password", args, {
        email: { type: "string" },
        ...passwordFlag,
      });
      const email = String(values.email ?? "").trim();
      if (!email) throw new UsageError("user set-password needs --email <address>.");
      requirePasswordStdin("user set-password", values["password-stdin"]);
      return async ({ deps, io }) => {
        const password = await passwordFrom(readStdin, "user set-password");
        const user = await changePassword({
          ctx: { deps, actor: cliActor },
          input: { user: { email }, newPassword: password },
        });
        io.stdout(`New password set for ${user.email}; their sessions are signed out.\n`);
        return 0;
      };
    }
    default:
      throw new UsageError("user needs a subcommand: create, list or set-password.");
  }
}
