import type { MiddlewareHandler } from "hono";
import { COMPOSED_HANDLER } from "hono/utils/constants";
import { hasRole } from "../domain/authorize.ts";
import type { Actor, Deps } from "../domain/context.ts";
import { authenticateToken } from "../domain/tokens/tokens.ts";
import type { Role } from "../domain/types.ts";
import { errorBody } from "./errors.ts";

export interface AdminEnv {
  Variables: { actor: Actor };
}

/** Every admin request carries `Authorization: Bearer <token>`; the token's role becomes the actor's. */
export function bearerAuth(deps: Deps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = match ? await authenticateToken({ ctx: { deps }, input: { token: match[1]! } }) : null;
    if (!actor) {
      const message = match
        ? "This API token is unknown or revoked. Create one with `npm run vigie -- token create --name <name>`."
        : "Send an API token: Authorization: Bearer <token>. Create one with `npm run vigie -- token create --name <name>`.";
      return c.json(errorBody("unauthorized", message), 401, { "WWW-Authenticate": 'Bearer realm="vigie"' });
    }
    c.set("actor", actor);
    await next();
  };
}

/**
 * Marks a role check so tests can read, from `app.routes`, the role each route needs: the
 * authorization matrix test fails for an admin route that carries no check.
 */
export function withRequiredRole<M extends MiddlewareHandler>(role: Role, middleware: M) {
  return Object.assign(middleware, { requiredRole: role });
}

/** The role a handler of `app.routes` enforces, if it is a role check. */
export function requiredRoleOf(handler: unknown): Role | undefined {
  // `app.route()` wraps a sub-app's handlers in its error handler: look through the wrapping.
  let current = handler as Record<string, unknown> | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.requiredRole) return current.requiredRole as Role;
    current = current[COMPOSED_HANDLER] as Record<string, unknown> | undefined;
  }
  return undefined;
}

/** Refuses the request before the handler runs when the actor's role is below `role`. */
export function requireRole(role: Role): MiddlewareHandler<AdminEnv> {
  return withRequiredRole(role, async (c, next) => {
    const actor = c.get("actor");
    if (!actor || !hasRole(actor, role)) {
      return c.json(
        errorBody(
          "forbidden",
          `This route needs the ${role} role; your token has the ${actor?.role ?? "no"} role.`,
        ),
        403,
      );
    }
    await next();
  });
}
