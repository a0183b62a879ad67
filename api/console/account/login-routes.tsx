import { Hono } from "hono";
import { revokeSession } from "../../domain/users/revoke-session.ts";
import { verifyPassword } from "../../domain/users/verify-password.ts";
import { clientIp } from "../../web/client-address.ts";
import { CsrfField, consolePage, currentUser, Field, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { clearConsoleCookie } from "../shell/cookies.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { safeNext } from "../shell/safe-next.ts";
import { openSession } from "../shell/session.ts";

interface LoginFormProps {
  email?: string;
  next: string;
  error?: string | undefined;
}

const wrongCredentials = "Wrong email or password.";

const duration = (seconds: number) => {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
};

function LoginForm({ email, next, error, csrfToken }: LoginFormProps & { csrfToken: string }) {
  return (
    <form method="post" action="/admin/login" class="card">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="next" value={next} />
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <Field label="Email" name="email" type="email" value={email} autocomplete="username" />
      <Field label="Password" name="password" type="password" autocomplete="current-password" />
      <div class="actions">
        <button type="submit">Sign in</button>
      </div>
      <p class="hint">
        Forgotten password? An owner can set a new one on the server:{" "}
        <code>npm run vigie -- user set-password --email you@example.com --password-stdin</code>
      </p>
    </form>
  );
}

/** Sign-in (rate-limited per account and per address) and sign-out. */
export function loginRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const page = (c: Parameters<typeof consolePage>[0], props: LoginFormProps, status: 200 | 401 | 429 = 200) =>
    consolePage(c, "Sign in", <LoginForm {...props} csrfToken={c.get("csrfToken")} />, { status });

  app.get("/login", (c) => {
    const next = safeNext(c.req.query("next"));
    if (currentUser(c)) return c.redirect(next, 303);
    return page(c, { next });
  });

  app.post("/login", async (c) => {
    const form = await readForm(c);
    const [email, password, next] = [form("email"), form("password"), safeNext(form("next"))];
    const tooMany = (wait: number, error: string) => {
      c.header("Retry-After", String(wait));
      return page(c, { email, next, error }, 429);
    };
    // Counted before the hash, so concurrent tries cannot all slip under the limit.
    const admission = await ctx.limiter.admit(email, clientIp(c));
    if (!("attempt" in admission))
      return tooMany(admission.wait, `Too many failed sign-ins. Try again in ${duration(admission.wait)}.`);
    const checked = await ctx.hashGate
      .run(() =>
        verifyPassword({ ctx: { deps: ctx.deps, hashParams: ctx.hashParams }, input: { email, password } }),
      )
      .catch(async (error: unknown) => {
        // Our failure (the database), not the client's: it must not count against the account.
        await admission.attempt.cancel().catch(() => undefined);
        throw error;
      });
    if (!checked.ran) {
      await admission.attempt.cancel();
      return tooMany(
        checked.retryAfter,
        `The server is busy checking other sign-ins. Try again in ${duration(checked.retryAfter)}.`,
      );
    }
    if (!checked.value) return page(c, { email, next, error: wrongCredentials }, 401);
    await admission.attempt.succeeded();
    await openSession(c, ctx.deps, ctx.cookies, checked.value.id);
    return c.redirect(next, 303);
  });

  app.post("/logout", requireConsoleRole("viewer"), async (c) => {
    await revokeSession({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { sessionId: c.get("sessionId") },
    });
    clearConsoleCookie(c, ctx.cookies, ctx.cookies.session);
    return redirectWithNotice(c, "/admin/login", "You are signed out.");
  });
  return app;
}
