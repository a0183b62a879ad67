import { Feed } from "feed";
import { formatters } from "./format.ts";
import { strings } from "./i18n.ts";
import { renderMarkdown } from "./markdown.ts";
import { incidentName, itemPath, localePrefix, type Site, startOf, updateBody } from "./site.ts";
import type { Locale, SiteIncident } from "./site-document.ts";
import { xmlText } from "./xml-text.ts";

/** Entries in a feed: the newest of the history. */
export const feedSize = 50;

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What the feed library puts in CDATA must be characters XML allows, and must not close the section
 * early: control characters are dropped and `]]>` is written with `&gt;`, which reads the same as HTML.
 */
export const cdataSafe = (html: string) => xmlText(html).replaceAll("]]>", "]]&gt;");

/** Every update of an item, newest first, as Statuspage writes its feed entries. */
export function updateTrail(site: Site, locale: Locale, item: SiteIncident): string {
  const t = strings[locale];
  const f = formatters(locale, site.page.time_zone);
  return item.incident_updates
    .map(
      (u) =>
        `<p><small>${escapeHtml(f.dateTime(u.display_at))}</small><br><strong>${escapeHtml(t.incidentStatus[u.status])}</strong></p>${renderMarkdown(updateBody(u, locale))}`,
    )
    .join("\n");
}

/** The history feed of one locale; RSS items carry the trail as description, Atom entries as content. */
export function historyFeed(site: Site, locale: Locale, format: "rss" | "atom"): string {
  const t = strings[locale];
  const base = `${site.page.url}${localePrefix(site, locale)}`;
  const items = site.history.slice(0, feedSize);
  const updated = items.reduce((latest, i) => Math.max(latest, Date.parse(i.updated_at)), 0);
  const feed = new Feed({
    id: `${base}/history/`,
    title: t.feedTitle(site.page.name),
    link: `${base}/`,
    language: locale,
    updated: new Date(updated || Date.parse(site.doc.generated_at)),
    generator: "Vigie",
    feedLinks: { rss: `${base}/history.rss`, atom: `${base}/history.atom` },
    author: { name: site.page.name, link: `${site.page.url}/` },
  });
  for (const item of items) {
    const url = `${site.page.url}${itemPath(site, locale, item)}`;
    const trail = cdataSafe(updateTrail(site, locale, item));
    feed.addItem({
      // Titles are read as HTML (Atom's are typed html by the library, RSS readers render them):
      // escaped, a name from an admin or from a provider through the monitor stays text.
      title: cdataSafe(escapeHtml(incidentName(item, locale))),
      id: url,
      link: url,
      date: new Date(item.updated_at),
      published: new Date(startOf(item)),
      ...(format === "rss" ? { description: trail } : { content: trail }),
    });
  }
  if (format === "rss") return feed.rss2();
  // The library writes no language in Atom; readers take it from xml:lang (RFC 4287 §2).
  return feed.atom1().replace(/<feed /, `<feed xml:lang="${locale}" `);
}
