import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { malformedAddressMessage } from "../../web/client-errors.ts";
import { type SiteFile, SiteFiles } from "./site-files.ts";
import { filePolicy, inlineScriptHashes, pagePolicy, siteSecurityHeaders } from "./site-headers.ts";

function cacheControl(path: string): string {
  // Astro fingerprints what it puts in /_astro/: those never change under one name.
  if (path.startsWith("/_astro/")) return "public, max-age=31536000, immutable";
  // Pages and feeds must show a new incident at once, so caches revalidate (cheap: ETag).
  return "public, max-age=0, must-revalidate";
}

export interface SiteServerOptions {
  /**
   * The folder of the build to serve: a fixed folder, or a function asked on each request (the
   * build `current` points at, or the newest good one; null before the first build). It must not
   * wait on Node's thread pool (see SiteFiles), hence synchronous.
   */
  root: string | (() => string | null);
  /** Served while no build exists yet. */
  fallback: (path: string) => Response | Promise<Response> | null;
  /** The origin the page's live script and subscribe form call, when not this one. */
  liveApiUrl?: string;
}

/**
 * Serves the built status page with content types, compression, validators, its 404 page and
 * security headers (site-headers.ts), from memory (see SiteFiles): the page must stay fast
 * whatever else the server is doing.
 */
export function siteRoutes({ root, fallback, liveApiUrl = "" }: SiteServerOptions) {
  const app = new Hono();
  const site = new SiteFiles(typeof root === "string" ? () => root : root);
  app.on(["GET", "HEAD"], "*", async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      throw new HTTPException(400, { message: malformedAddressMessage });
    }
    if (path.startsWith("/api/") || path.includes("\0")) return next();
    const found = site.find(path);
    if (!found) {
      const notFound = site.find("/404.html");
      if (notFound) return send(c.req.raw, notFound.file, "/404.html", 404, liveApiUrl);
      const alt = await fallback(path);
      return alt ?? next();
    }
    return send(c.req.raw, found.file, found.urlPath, 200, liveApiUrl);
  });
  return app;
}

function send(
  request: Request,
  file: SiteFile,
  urlPath: string,
  status: number,
  liveApiUrl: string,
): Response {
  const accepts = request.headers.get("Accept-Encoding") ?? "";
  const gzip = /\bgzip\b(?!\s*;\s*q=0(?:\.0*)?(?:[,\s]|$))/.test(accepts) ? file.gzip() : null;
  const policy = file.type.startsWith("text/html")
    ? pagePolicy(inlineScriptHashes(file), liveApiUrl)
    : filePolicy;
  const headers = new Headers({
    "Content-Type": file.type,
    "Cache-Control": status === 200 ? cacheControl(urlPath) : "no-store",
    ETag: file.etag,
    Vary: "Accept-Encoding",
    ...siteSecurityHeaders(policy),
  });
  if (status === 200 && request.headers.get("If-None-Match") === file.etag)
    return new Response(null, { status: 304, headers });
  const body = gzip ?? file.body;
  if (gzip) headers.set("Content-Encoding", "gzip");
  headers.set("Content-Length", String(body.length));
  if (request.method === "HEAD") return new Response(null, { status, headers });
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.length), { status, headers });
}
