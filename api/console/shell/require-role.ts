import type { MiddlewareHandler } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import type { Role } from "../../domain/types.ts";
import { withRequiredRole } from "../../web/auth.ts";
import { currentUser } from "../kit/index.ts";
import type { ConsoleEnv } from "./console-env.ts";
import { refusalPage } from "./refusal-page.tsx";
import { askToSignIn } from "./session.ts";

/**
 * Every console route after the sign-in pages states the role it needs with this, before its
 * handler: the authorization matrix test reads it and fails for a route without one.
 */
export function requireConsoleRole(role: Role): MiddlewareHandler<ConsoleEnv> {
  return withRequiredRole(role, async (c, next) => {
    const user = currentUser(c);
    if (!user) return askToSignIn(c);
    if (!hasRole(user, role))
      return refusalPage(
        c,
        403,
        "Not allowed",
        `This needs the ${role} role; you have the ${user.role} role. Ask an owner if you need more.`,
      );
    await next();
  });
}
