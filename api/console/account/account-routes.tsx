import { Hono } from "hono";
import { changePassword } from "../../domain/users/change-password.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import {
  CsrfField,
  consolePage,
  Field,
  fieldErrors,
  readForm,
  redirectWithNotice,
  When,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { openSession } from "../shell/session.ts";
import { NewPasswordFields } from "./password-fields.tsx";

function AccountPage({
  user,
  csrfToken,
  errors = {},
}: {
  user: UserInfo;
  csrfToken: string;
  errors?: Record<string, string>;
}) {
  return (
    <>
      <section class="card" aria-labelledby="you">
        <h2 id="you">You</h2>
        <p>
          {user.name} · {user.email} · role <strong>{user.role}</strong>
        </p>
        <p class="muted">
          Password last changed <When at={user.passwordChangedAt} />
        </p>
      </section>
      <form method="post" action="/admin/account/password" class="card" aria-labelledby="pw">
        <h2 id="pw">Change your password</h2>
        <p class="hint">Your other sessions (other browsers, other devices) are signed out.</p>
        <CsrfField token={csrfToken} />
        <Field
          label="Current password"
          name="current_password"
          type="password"
          autocomplete="current-password"
          error={errors.current_password}
        />
        <NewPasswordFields
          label="New password"
          name="new_password"
          hint="At least 12 characters."
          errors={errors}
          again
        />
        <div class="actions">
          <button type="submit">Change password</button>
        </div>
      </form>
    </>
  );
}

/** The signed-in user's own account: any role may change its own password. */
export function accountRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const page = (c: Parameters<typeof consolePage>[0], errors?: Record<string, string>) =>
    consolePage(
      c,
      "Your account",
      <AccountPage user={c.get("user")} csrfToken={c.get("csrfToken")} errors={errors} />,
      {
        status: errors ? 422 : 200,
      },
    );

  app.get("/account", requireConsoleRole("viewer"), (c) => page(c));

  app.post("/account/password", requireConsoleRole("viewer"), async (c) => {
    const form = await readForm(c);
    if (form("new_password") !== form("new_password_confirm"))
      return page(c, { new_password_confirm: "must be the same as the new password" });
    const user = c.get("user");
    try {
      await changePassword({
        ctx: { deps: ctx.deps, actor: c.get("actor"), hashParams: ctx.hashParams },
        input: {
          user: { id: user.id },
          currentPassword: form("current_password"),
          newPassword: form("new_password"),
        },
      });
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return page(c, errors);
    }
    // Every session of this user just ended, this one included: carry on in a fresh one.
    await openSession(c, ctx.deps, ctx.cookies, user.id);
    return redirectWithNotice(
      c,
      "/admin/account",
      "Your password is changed; your other sessions are signed out.",
    );
  });
  return app;
}
