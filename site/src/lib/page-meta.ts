import { describeStatus, strings } from "./i18n.ts";
import { localePrefix, type Site } from "./site.ts";
import type { Locale } from "./site-document.ts";

/**
 * An owner's link as the page may show it: http(s) only, whatever was stored (the API checks it,
 * but a restored backup or an old row might not have been). Anything else is left out.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** The favicon: the page's logo when it has one, else the default drawn in the accent colour. */
export function favicon(site: Site): { href: string; type: string } {
  const file = site.logo?.file;
  if (!file) return { href: "/favicon.svg", type: "image/svg+xml" };
  const ext = file.split(".").pop() ?? "";
  const type = ext === "svg" ? "image/svg+xml" : ext === "jpg" ? "image/jpeg" : `image/${ext}`;
  return { href: `/${file}`, type };
}

/** A plain status dot: no text, no reference outside the file. */
export const defaultFavicon = (accent: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="${accent}"/><circle cx="16" cy="16" r="6" fill="#fff"/></svg>`;

export interface PageMeta {
  description: string;
  /** Absolute address of this page, for shared links. */
  url: string;
  ogLocale: string;
  /** Absolute address of the logo, when link previews can show it (they do not read SVG). */
  image: string | null;
}

export function pageMeta(site: Site, locale: Locale, path: string | null): PageMeta {
  const t = strings[locale];
  const base = safeHttpUrl(site.page.url)?.replace(/\/+$/, "") ?? "";
  const file = site.logo?.file;
  // Only the home page states the current status: a status in every page's tags would make every
  // page of the history be built again at each change of status.
  const description =
    path === "/"
      ? t.metaDescription(site.page.name, describeStatus(t, site.doc.status.description))
      : t.metaDescriptionAnyPage(site.page.name);
  return {
    description,
    url: `${base}${localePrefix(site, locale)}${path ?? "/"}`,
    ogLocale: locale === "fr" ? "fr_FR" : "en_US",
    image: base && file && !file.endsWith(".svg") ? `${base}/${file}` : null,
  };
}
