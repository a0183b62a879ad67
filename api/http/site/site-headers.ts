import { createHash } from "node:crypto";
import type { SiteFile } from "./site-files.ts";

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
const hashesOf = new WeakMap<SiteFile, string[]>();

/** The CSP hashes of a built page's inline scripts, computed once per file of a build. */
export function inlineScriptHashes(file: SiteFile): string[] {
  const known = hashesOf.get(file);
  if (known) return known;
  const hashes = [...file.body.toString("utf8").matchAll(inlineScript)].map(
    (m) => `sha256-${createHash("sha256").update(m[1]!).digest("base64")}`,
  );
  hashesOf.set(file, hashes);
  return hashes;
}
