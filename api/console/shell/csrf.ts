import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { signFor, verifySigned } from "../../domain/users/console-key.ts";
import { readFormBody } from "../../web/form-body.ts";
import type { ConsoleEnv } from "./console-env.ts";
import { type CookieNames, readCookie, setConsoleCookie } from "./cookies.ts";
import { refusalPage } from "./refusal-page.tsx";

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CsrfOptions {
  publicUrl: string;
  cookies: CookieNames;
  key: () => Promise<Buffer>;
}

/**
 * Gives each page a CSRF token and checks it on every state-changing request, before the handler.
 * The token is a MAC of the session id (or, before sign-in, of a random cookie), so nothing is stored;
 * the browser's Origin and Sec-Fetch-Site headers must also say the request came from this console.
 */
export function csrfProtection({ publicUrl, cookies, key }: CsrfOptions): MiddlewareHandler<ConsoleEnv> {
  const trusted = new URL(publicUrl).origin;
  return async (c, next) => {
    const secret = await key();
    c.set("consoleKey", secret);
    const sessionId = c.get("sessionId") as string | undefined;
    const subject = sessionId ? `session:${sessionId}` : `pre:${preSessionNonce(c, cookies)}`;
    c.set("csrfToken", signFor(secret, "csrf", subject));
    if (stateChanging.has(c.req.method)) {
      const problem = originProblem(c, trusted) ?? (await tokenProblem(c, secret, subject));
      if (problem) return refusalPage(c, 403, "Request refused", problem);
    }
    await next();
  };
}

function preSessionNonce(c: Context, cookies: CookieNames): string {
  const existing = readCookie(c, cookies.preSession);
  if (existing && /^[\w-]{22,64}$/.test(existing)) return existing;
  const nonce = randomBytes(16).toString("base64url");
  setConsoleCookie(c, cookies, cookies.preSession, nonce);
  return nonce;
}

function originProblem(c: Context, trusted: string): string | null {
  const site = c.req.header("Sec-Fetch-Site");
  const origin = c.req.header("Origin");
  const foreign = "This request came from another site, so it was refused. Use the console's own forms.";
  if (site && site !== "same-origin" && site !== "none") return foreign;
  if (origin !== undefined && origin !== trusted && origin !== new URL(c.req.url).origin) return foreign;
  return null;
}

async function tokenProblem(c: Context, secret: Buffer, subject: string): Promise<string | null> {
  let given = c.req.header("X-CSRF-Token");
  const type = c.req.header("Content-Type") ?? "";
  if (!given && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    const field = (await readFormBody(c))._csrf;
    given = typeof field === "string" ? field : undefined;
  }
  if (given && verifySigned(secret, "csrf", subject, given)) return null;
  return "This form has expired or was not sent from this console (its CSRF token is missing or wrong). Go back, reload the page and submit it again.";
}
