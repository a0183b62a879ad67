import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { type Role, roles } from "../../domain/types.ts";
import { createUser } from "../../domain/users/create-user.ts";
import { listUsers } from "../../domain/users/list-users.ts";
import { updateUser } from "../../domain/users/update-user.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import { asSentence, consolePage, fieldErrors, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import type { Notice } from "../shell/layout.tsx";
import { requireConsoleRole } from "../shell/require-role.ts";
import { UsersPage, type UsersPageProps } from "./view.tsx";

const asRole = (value: string): Role => {
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new DomainError("invalid_input", `role: must be one of ${roles.join(", ")}`, [
    { path: "role", message: `must be one of ${roles.join(", ")}` },
  ]);
};

/** Owners manage who can sign in and with which role. */
export function userRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const owner = requireConsoleRole("owner");
  const page = async (
    c: Parameters<typeof consolePage>[0],
    extra: Partial<UsersPageProps> = {},
    status: 200 | 409 | 422 = 200,
    notice?: Notice,
  ) =>
    consolePage(
      c,
      "Users",
      <UsersPage
        users={await listUsers({ ctx: { deps: ctx.deps, actor: c.get("actor") } })}
        selfId={c.get("user").id}
        csrfToken={c.get("csrfToken")}
        {...extra}
      />,
      { status, notice },
    );

  app.get("/users", owner, (c) => page(c));

  app.post("/users", owner, async (c) => {
    const form = await readForm(c);
    const values = { email: form("email"), name: form("name"), role: (form("role") || "editor") as Role };
    try {
      const user = await createUser({
        ctx: { deps: ctx.deps, actor: c.get("actor"), hashParams: ctx.hashParams },
        input: { ...values, role: asRole(form("role")), password: form("password") },
      });
      return redirectWithNotice(c, "/admin/users", `${user.name} can now sign in as ${user.role}.`);
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return page(c, { values, errors }, errors._form ? 409 : 422);
    }
  });

  app.post("/users/:id", owner, async (c) => {
    const form = await readForm(c);
    const disabled = form("disabled");
    let user: UserInfo;
    try {
      user = await updateUser({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: {
          role: form("role") ? asRole(form("role")) : undefined,
          disabled: disabled === "true" ? true : disabled === "false" ? false : undefined,
          id: c.req.param("id"),
        },
      });
    } catch (error) {
      if (!fieldErrors(error)) throw error;
      const { code, message, details } = error as DomainError;
      const [first] = details ?? [];
      return page(c, {}, code === "conflict" ? 409 : 422, {
        tone: "error",
        text: first ? asSentence(first.path, first.message) : message,
      });
    }
    const what = disabled ? (user.disabledAt ? "is disabled" : "is enabled") : `is now ${user.role}`;
    return redirectWithNotice(c, "/admin/users", `${user.name} ${what}.`);
  });
  return app;
}
