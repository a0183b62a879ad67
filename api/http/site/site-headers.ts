import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/**
 * The status page's own documents: scripts only from this origin or the exact inline scripts the
 * build wrote (by hash), requests only to this origin and the live API, never framed. Inline style
 * stays allowed: the page sets colours in style attributes, and CSS cannot run code.
 */
export function pagePolicy(scriptHashes: string[], liveApiUrl: string): string {
  const live = liveApiUrl ? ` ${new URL(liveApiUrl).origin}` : "";
  return [
    "default-src 'none'",
    `script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join("")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${live}`,
    `form-action 'self'${live}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every other file (the logo an admin chose, feeds, the badge...): opened on its own it is a
 * document without an origin, so even an SVG that slipped a script through runs nothing and
 * reaches no cookie or API of this site.
 */
export const filePolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/** Headers every answer of the static site carries. */
export function siteSecurityHeaders(policy: string): Record<string, string> {
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
}

const inlineScript = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;
const cache = new Map<string, string[]>();

/** The CSP hashes of a built page's inline scripts, read once per version of the file. */
export async function inlineScriptHashes(file: string, etag: string): Promise<string[]> {
  const key = `${file}\0${etag}`;
  const known = cache.get(key);
  if (known) return known;
  const html = await readFile(file, "utf8");
  const hashes = [...html.matchAll(inlineScript)].map(
    (m) => `sha256-${createHash("sha256").update(m[1]!).digest("base64")}`,
  );
  // Pages of older builds drop out; a build has a few hundred pages at most.
  if (cache.size > 2000) cache.clear();
  cache.set(key, hashes);
  return hashes;
}
