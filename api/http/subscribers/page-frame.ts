import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locale } from "../../domain/types.ts";
import { fallbackFrame } from "./fallback-frame.ts";

const titleMark = "VIGIE-FRAME-TITLE";
const bodyMark = "<!--vigie-frame-body-->";

/**
 * The status page's frame around a subscriber page (its styles, logo, accent, header, footer and
 * language switch), read from the current build: `<prefix>/subscribe/frame/index.html`. Null when no
 * build is at hand (a process that does not publish the page, or before the first build).
 */
export type FrameSource = (prefix: string) => Promise<string | null>;

export function builtFrame(siteRoot: string | (() => string | null)): FrameSource {
  return async (prefix) => {
    const root = typeof siteRoot === "string" ? siteRoot : siteRoot();
    if (!root) return null;
    const html = await readFile(join(root, prefix, "subscribe", "frame", "index.html"), "utf8").catch(
      () => null,
    );
    return html?.includes(bodyMark) && html.includes(titleMark) ? html : null;
  };
}

export const noFrame: FrameSource = async () => null;

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch]!);

export interface FramedPage {
  locale: Locale;
  /** Prefix of the page's language in the status page's paths: "" or "/fr". */
  prefix: string;
  title: string;
  /** Already escaped HTML. */
  body: string;
  page: { name: string; url: string; accent: string };
}

/** The whole document: the build's frame when there is one, a plain one of the same look otherwise. */
export async function framePage(source: FrameSource, p: FramedPage): Promise<string> {
  const frame = (await source(p.prefix)) ?? fallbackFrame(p.locale, p.page);
  // Function replacers: a `$` in the content must not be read as a replacement pattern.
  return frame.replaceAll(titleMark, () => escapeHtml(p.title)).replace(bodyMark, () => p.body);
}
