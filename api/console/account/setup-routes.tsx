import { Hono } from "hono";
import { hasDemoData, removeDemo } from "../../domain/demo/remove-demo.ts";
import { checkSetupToken, completeSetup } from "../../domain/users/complete-setup.ts";
import { userActor } from "../../domain/users/user-store.ts";
import {
  CheckboxField,
  CsrfField,
  consolePage,
  Field,
  FormError,
  fieldErrors,
  readForm,
  redirectWithNotice,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { openSession } from "../shell/session.ts";
import { NewPasswordFields } from "./password-fields.tsx";

interface SetupFormProps {
  token: string;
  csrfToken: string;
  values?: { email: string; name: string; keepDemo: boolean };
  errors?: Record<string, string>;
  /** Whether the "Acme Cloud" demo is on the page: then the form asks whether to keep it. */
  demo: boolean;
}

function SetupForm({ token, csrfToken, values, errors = {}, demo }: SetupFormProps) {
  return (
    <form method="post" action="/admin/setup" class="card">
      <p>Create the owner account: the owner manages users, roles and API tokens.</p>
      <FormError errors={errors} />
      <CsrfField token={csrfToken} />
      <input type="hidden" name="token" value={token} />
      <Field
        label="Email"
        name="email"
        type="email"
        value={values?.email}
        autocomplete="username"
        error={errors.email}
      />
      <Field label="Name" name="name" value={values?.name} autocomplete="name" error={errors.name} />
      <NewPasswordFields
        label="Password"
        name="password"
        hint="At least 12 characters; a few unrelated words make a strong one."
        errors={errors}
        again
      />
      {demo && (
        <CheckboxField
          label="Keep the demo page"
          name="keep_demo"
          checked={values?.keepDemo ?? false}
          hint={
            'The page shows the "Acme Cloud" demo. Unless you keep it, it is removed when your account is created; you can also remove it later from the dashboard.'
          }
        />
      )}
      <div class="actions">
        <button type="submit">Create the owner account</button>
      </div>
    </form>
  );
}

/** The one-time setup link printed at first start: it creates the first owner, then stops working. */
export function setupRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  app.get("/setup", async (c) => {
    const token = c.req.query("token") ?? "";
    c.header("Referrer-Policy", "no-referrer");
    await checkSetupToken({ ctx: { deps: ctx.deps }, input: { token } });
    const demo = await hasDemoData(ctx.deps);
    return consolePage(
      c,
      "Set up Vigie",
      <SetupForm token={token} csrfToken={c.get("csrfToken")} demo={demo} />,
    );
  });

  app.post("/setup", async (c) => {
    const form = await readForm(c);
    const token = form("token");
    const values = { email: form("email"), name: form("name"), keepDemo: form("keep_demo") === "on" };
    const demo = await hasDemoData(ctx.deps);
    const again = (errors: Record<string, string>, status: 409 | 422) =>
      consolePage(
        c,
        "Set up Vigie",
        <SetupForm
          token={token}
          csrfToken={c.get("csrfToken")}
          values={values}
          errors={errors}
          demo={demo}
        />,
        { status },
      );
    if (form("password") !== form("password_confirm"))
      return again({ password_confirm: "must be the same as the password" }, 422);
    try {
      const user = await completeSetup({
        ctx: { deps: ctx.deps, hashParams: ctx.hashParams },
        input: { email: values.email, name: values.name, password: form("password"), token },
      });
      await openSession(c, ctx.deps, ctx.cookies, user.id);
      const removed =
        demo && !values.keepDemo && (await removeDemo({ ctx: { deps: ctx.deps, actor: userActor(user) } }));
      const welcome = `Welcome, ${user.name}: you are the owner of this status page.`;
      return redirectWithNotice(c, "/admin", removed ? `${welcome} The demo data is removed.` : welcome);
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return again(errors, errors._form ? 409 : 422);
    }
  });
  return app;
}
