import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { filePolicy, inlineScriptHashes, pagePolicy, siteSecurityHeaders } from "./site-headers.ts";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
};

function cacheControl(path: string): string {
  // Astro fingerprints what it puts in /_astro/: those never change under one name.
  if (path.startsWith("/_astro/")) return "public, max-age=31536000, immutable";
  // Pages and feeds must show a new incident at once, so caches revalidate (cheap: ETag).
  return "public, max-age=0, must-revalidate";
}

export interface SiteServerOptions {
  /**
   * The folder of the build to serve: a fixed folder, or a function asked on each request (the
   * build `current` points at, or the newest good one; null before the first build).
   */
  root: string | (() => Promise<string | null>);
  /** Served while no build exists yet. */
  fallback: (path: string) => Response | Promise<Response> | null;
  /** The origin the page's live script and subscribe form call, when not this one. */
  liveApiUrl?: string;
}

/**
 * Serves the built status page with content types, compression, validators, its 404 page and
 * security headers (site-headers.ts).
 */
export function siteRoutes({ root, fallback, liveApiUrl = "" }: SiteServerOptions) {
  const app = new Hono();
  const rootNow = typeof root === "string" ? async () => root : root;
  app.use("*", compress());
  app.on(["GET", "HEAD"], "*", async (c, next) => {
    const path = decodeURIComponent(c.req.path);
    if (path.startsWith("/api/") || path.includes("\0")) return next();
    const dir = await rootNow();
    const file = dir ? await resolveFile(dir, path) : null;
    if (!file) {
      const notFound = dir ? await resolveFile(dir, "/404.html") : null;
      if (notFound) return send(c.req.raw, notFound, "/404.html", 404, liveApiUrl);
      const alt = await fallback(path);
      return alt ?? next();
    }
    return send(c.req.raw, file.path, file.urlPath, 200, liveApiUrl);
  });
  return app;
}

async function resolveFile(root: string, urlPath: string): Promise<{ path: string; urlPath: string } | null> {
  const clean = normalize(urlPath).replace(/^(\.\.(\/|\\|$))+/, "");
  const candidates = clean.endsWith("/")
    ? [`${clean}index.html`]
    : [clean, `${clean}/index.html`, `${clean}.html`];
  for (const candidate of candidates) {
    const full = join(root, candidate);
    if (!full.startsWith(root + sep) && full !== root) continue;
    const info = await stat(full).catch(() => null);
    if (info?.isFile()) return { path: full, urlPath: candidate };
  }
  return null;
}

async function send(
  request: Request,
  path: string | { path: string },
  urlPath: string,
  status: number,
  liveApiUrl: string,
): Promise<Response> {
  const file = typeof path === "string" ? path : path.path;
  const info = await stat(file);
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const policy =
    extname(file) === ".html" ? pagePolicy(await inlineScriptHashes(file, etag), liveApiUrl) : filePolicy;
  const headers = new Headers({
    "Content-Type": contentTypes[extname(file)] ?? "application/octet-stream",
    "Cache-Control": status === 200 ? cacheControl(urlPath) : "no-store",
    ETag: etag,
    ...siteSecurityHeaders(policy),
  });
  if (status === 200 && request.headers.get("If-None-Match") === etag)
    return new Response(null, { status: 304, headers });
  if (request.method === "HEAD") return new Response(null, { status, headers });
  headers.set("Content-Length", String(info.size));
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream;
  return new Response(body, { status, headers });
}
