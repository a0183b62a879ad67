import type { MiddlewareHandler } from "hono";

/**
 * Subscriber pages show an address and carry a token in their URL: never stored by a cache, never
 * sent on as a referrer, never framed (a framed one-button unsubscribe page could be clickjacked),
 * and they run no script at all.
 */
const policy = [
  "default-src 'none'",
  // The status page's own stylesheet and logo frame these pages.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const subscriberPageHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  // The static page's own documents under /subscribe/ (the form) keep the page's policy.
  if (headers.has("Content-Security-Policy")) return;
  headers.set("Cache-Control", "no-store");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("X-Frame-Options", "DENY");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Content-Security-Policy", policy);
};
