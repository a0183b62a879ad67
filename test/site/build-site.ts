import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type HTMLElement, parse } from "node-html-parser";
import { buildSite as buildProductionSite } from "../../api/publish/build-site.ts";
import { fetchLogo } from "../../api/publish/fetch-logo.ts";
import type { SiteDocument } from "../../api/shapes/site-document.ts";
import { serveStatic } from "./serve-json.ts";

export const siteRoot = fileURLToPath(new URL("../../site", import.meta.url));

export interface BuildSiteOptions {
  apiUrl: string;
  outDir: string;
  liveApiUrl?: string;
}

export interface BuildResult {
  code: number | null;
  /** stdout and stderr together. */
  output: string;
  ms: number;
}

/**
 * Runs the same `astro build` the publisher runs (api/publish/build-site.ts), with the logo fetched
 * as the publisher fetches it (test servers are on loopback, so private addresses are allowed).
 */
export async function buildSite({ apiUrl, outDir, liveApiUrl = "" }: BuildSiteOptions): Promise<BuildResult> {
  // When the API does not answer, the build itself says so (a test checks its message).
  const doc = (await fetch(`${apiUrl}/api/site.json`)
    .then((r) => r.json())
    .catch(() => null)) as { page?: { logo_url: string | null } } | null;
  const logoUrl = doc?.page?.logo_url;
  const fetched = logoUrl ? await fetchLogo(logoUrl, { allowPrivate: true }) : null;
  if (fetched && !fetched.ok) throw new Error(`logo: ${fetched.error}`);
  const outcome = await buildProductionSite({ apiUrl, liveApiUrl, outDir, logo: fetched?.logo ?? null });
  return { code: outcome.ok ? 0 : 1, output: outcome.error ?? "", ms: outcome.durationMs };
}

/** Fails with the build's own output, which says what went wrong. */
export async function buildSiteOrThrow(options: BuildSiteOptions): Promise<BuildResult> {
  const result = await buildSite(options);
  if (result.code !== 0) throw new Error(`astro build exited ${result.code}:\n${result.output}`);
  return result;
}

export interface BuiltDocument {
  outDir: string;
  /** Stops the document's server and removes the built site. */
  close(): Promise<void>;
}

/** Builds the site from `doc`, served as the API's `/api/site.json` on loopback, into a new temporary folder. */
export async function buildFromDocument(
  doc: SiteDocument,
  { liveApiUrl }: { liveApiUrl?: string } = {},
): Promise<BuiltDocument> {
  const api = await serveStatic({
    "/api/site.json": { type: "application/json", body: JSON.stringify(doc) },
  });
  const outDir = mkdtempSync(join(tmpdir(), "vigie-site-"));
  const close = async () => {
    await api.close();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    await buildSiteOrThrow({ apiUrl: api.url, outDir, liveApiUrl });
  } catch (error) {
    await close();
    throw error;
  }
  return { outDir, close };
}

/** Every file of a built site, as paths relative to its root ("index.html", "fr/history/index.html"...). */
export function builtFiles(outDir: string): string[] {
  return (readdirSync(outDir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)))
    .sort();
}

export const readBuilt = (outDir: string, path: string): string => readFileSync(join(outDir, path), "utf8");

/** A built page parsed with a real HTML parser. */
export const parseBuilt = (outDir: string, path: string): HTMLElement => parse(readBuilt(outDir, path));
