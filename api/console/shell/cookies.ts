import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * Cookie names and attributes follow where the console is served: over HTTPS the `__Host-` prefix
 * pins the cookie to this host and path `/`, and `Secure` keeps it off plain HTTP.
 */
export interface CookieNames {
  secure: boolean;
  session: string;
  /** A random value that ties the sign-in and setup forms' CSRF token to one browser. */
  preSession: string;
}

export function cookieNames(publicUrl: string): CookieNames {
  const secure = new URL(publicUrl).protocol === "https:";
  const prefix = secure ? "__Host-" : "";
  return { secure, session: `${prefix}vigie_session`, preSession: `${prefix}vigie_csrf` };
}

const attributes = (names: CookieNames, maxAge?: number) => ({
  path: "/",
  httpOnly: true,
  secure: names.secure,
  sameSite: "Lax" as const,
  ...(maxAge !== undefined && { maxAge }),
});

export const readCookie = (c: Context, name: string) => getCookie(c, name);

export function setConsoleCookie(
  c: Context,
  names: CookieNames,
  name: string,
  value: string,
  maxAge?: number,
) {
  setCookie(c, name, value, attributes(names, maxAge));
}

export function clearConsoleCookie(c: Context, names: CookieNames, name: string) {
  deleteCookie(c, name, attributes(names));
}
