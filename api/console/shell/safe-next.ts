/** Any origin works as the base: only whether the result stays on it matters. */
const base = "http://console.invalid";

/** Encoded slashes, backslashes and dots: a browser or proxy may decode them into a different path. */
const encodedSeparator = /%(2f|5c|2e)/i;

/**
 * Where to go after signing in: a console page of this site, or `/admin`. The check runs on the
 * normalised URL, the way a browser will read it, so `..` segments (plain or percent-encoded) cannot
 * climb out of /admin into `//other.host`, which a browser follows to another site.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith("/") || /[\\\s]/.test(next)) return "/admin";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/admin";
  }
  const { pathname, search } = url;
  const underConsole = pathname === "/admin" || pathname.startsWith("/admin/");
  if (url.origin !== base || !underConsole || encodedSeparator.test(pathname)) return "/admin";
  if (/^\/admin\/(login|logout|setup)\b/.test(pathname)) return "/admin";
  return `${pathname}${search}`;
}
