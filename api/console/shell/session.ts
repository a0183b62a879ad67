import type { Context, MiddlewareHandler } from "hono";
import type { Deps } from "../../domain/context.ts";
import { createSession } from "../../domain/users/create-session.ts";
import { userActor } from "../../domain/users/user-store.ts";
import { validateSession } from "../../domain/users/validate-session.ts";
import { currentUser } from "../kit/index.ts";
import type { ConsoleEnv } from "./console-env.ts";
import { type CookieNames, clearConsoleCookie, readCookie, setConsoleCookie } from "./cookies.ts";
import { refusalPage } from "./refusal-page.tsx";

/** Puts the signed-in user (and their actor) in the context when the session cookie is valid. */
export function loadSession(deps: Deps, cookies: CookieNames): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = readCookie(c, cookies.session);
    const valid = token ? await validateSession({ ctx: { deps }, input: { token } }) : null;
    if (valid) {
      c.set("user", valid.user);
      c.set("actor", userActor(valid.user));
      c.set("sessionId", valid.session.id);
    } else if (token) {
      clearConsoleCookie(c, cookies, cookies.session);
    }
    await next();
  };
}

/** Where a page sends an anonymous visitor: the sign-in form, coming back here afterwards. */
export const loginPath = (next: string) => `/admin/login?next=${encodeURIComponent(next)}`;

/** Anonymous page views go to the sign-in form; anonymous form posts are refused. */
export function requireSession(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (currentUser(c)) return next();
    return askToSignIn(c);
  };
}

export function askToSignIn(c: Context<ConsoleEnv>) {
  if (c.req.method === "GET" || c.req.method === "HEAD") {
    const url = new URL(c.req.url);
    return c.redirect(loginPath(`${url.pathname}${url.search}`), 303);
  }
  return refusalPage(
    c,
    401,
    "Sign in first",
    "Your session has ended. Sign in again, then repeat what you did.",
  );
}

/** Signs a user in: a new session, its secret in the cookie (rotated at every sign-in). */
export async function openSession(c: Context<ConsoleEnv>, deps: Deps, cookies: CookieNames, userId: string) {
  const session = await createSession({
    ctx: { deps },
    input: { userId, userAgent: c.req.header("User-Agent") },
  });
  const maxAge = Math.floor((session.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
  setConsoleCookie(c, cookies, cookies.session, session.token, maxAge);
}
