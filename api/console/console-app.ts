import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { DomainError } from "../domain/errors.ts";
import { getSettings } from "../domain/settings/get-settings.ts";
import { consoleKey } from "../domain/users/console-key.ts";
import { LoginLimiter } from "../domain/users/login-limiter.ts";
import { clientFault, loggedPath } from "../web/client-errors.ts";
import { statusOfCode } from "../web/errors.ts";
import { accountRoutes } from "./account/account-routes.tsx";
import { loginRoutes } from "./account/login-routes.tsx";
import { setupRoutes } from "./account/setup-routes.tsx";
import { previewRenderers } from "./incidents/preview-renderers.ts";
import { mountSections } from "./section-routes.ts";
import type { ConsoleContext, ConsoleEnv, ConsoleOptions } from "./shell/console-env.ts";
import { consolePolicy } from "./shell/content-policy.ts";
import { cookieNames } from "./shell/cookies.ts";
import { csrfProtection } from "./shell/csrf.ts";
import { defaultHashGate, HashGate } from "./shell/hash-gate.ts";
import { refusalPage } from "./shell/refusal-page.tsx";
import { requireConsoleRole } from "./shell/require-role.ts";
import { loadSession, requireSession } from "./shell/session.ts";

const contentSecurityPolicy = consolePolicy();

/** Console pages hold private data: never cached, never framed, no inline code but our stylesheet. */
const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  // A page may narrow or adapt it (the template preview's sandboxed frame needs the email's styles).
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", contentSecurityPolicy);
  headers.set("X-Frame-Options", "DENY");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Cache-Control", "no-store");
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "same-origin");
};

/**
 * The admin console, mounted at /admin: server-rendered pages behind a session cookie. Order
 * matters: the sign-in and setup pages come before `requireSession`, every other page after it.
 */
export function consoleRoutes(options: ConsoleOptions) {
  const { deps, publicUrl } = options;
  const consoleUrl = options.consoleUrl ?? publicUrl;
  const cookies = cookieNames(consoleUrl);
  let key: Promise<Buffer> | undefined;
  const ctx: ConsoleContext = {
    deps,
    publicUrl,
    hashParams: options.hashParams,
    templates: options.templates,
    rebuildSite: options.rebuildSite,
    providers: options.providers,
    publishPolicy: options.publishPolicy,
    sendTestEmail: options.sendTestEmail,
    cookies,
    limiter: new LoginLimiter(deps),
    hashGate: new HashGate(defaultHashGate),
  };

  const app = new Hono<ConsoleEnv>();
  app.onError((error, c) => {
    if (error instanceof DomainError)
      return refusalPage(c, statusOfCode[error.code], "Cannot do that", error.message);
    if (error instanceof HTTPException)
      return refusalPage(c, 400, "Bad request", error.message || "The request is malformed.");
    const fault = clientFault(error);
    if (fault) {
      deps.logger.info("bad request", {
        method: c.req.method,
        path: loggedPath(c.req.path),
        reason: error.message,
      });
      return refusalPage(c, 400, "Bad request", fault);
    }
    deps.logger.error("console error", {
      method: c.req.method,
      path: c.req.path,
      error: error.stack ?? String(error),
    });
    return refusalPage(
      c,
      500,
      "Something went wrong",
      "Something went wrong on our side; it has been logged.",
    );
  });
  app.use("*", securityHeaders);
  app.use("*", async (c, next) => {
    c.set("publicUrl", publicUrl);
    await next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => refusalPage(c, 413, "Too large", "This form is larger than 64 KiB; shorten it."),
    }),
  );
  app.use("*", loadSession(deps, cookies));
  app.use("*", csrfProtection({ publicUrl: consoleUrl, cookies, key: () => (key ??= consoleKey(deps)) }));

  app.route("/", setupRoutes(ctx));
  app.route("/", loginRoutes(ctx));
  app.use("*", requireSession());
  app.use("*", async (c, next) => {
    c.set("timeZone", (await getSettings(deps)).timeZone);
    await next();
  });
  app.route("/", accountRoutes(ctx));
  mountSections(app, ctx, { renderers: previewRenderers(ctx) });
  // Keep last: a path no page above answers gets a console page, not the API's JSON 404.
  app.get("*", requireConsoleRole("viewer"), (c) =>
    refusalPage(c, 404, "Page not found", `There is no console page at ${c.req.path}.`),
  );
  return app;
}
