import { Feed } from "feed";
import { cdataSafe, escapeHtml } from "./feeds.ts";
import { formatters } from "./format.ts";
import { strings } from "./i18n.ts";
import { renderMarkdown } from "./markdown.ts";
import { incidentName, itemPath, type Site, startOf, updateBody } from "./site.ts";
import type { Locale, SiteIncident } from "./site-document.ts";
import { xmlText } from "./xml-text.ts";

/** Days after its last change that an item keeps a feed of its own. */
export const feedDays = 30;

/**
 * Whether an item has its own feed: while open or scheduled, and for `feedDays` after its last change.
 * Following an incident closed long ago tells nothing, and a feed per item of a long history would
 * double the build (a thousand incidents are two thousand more files).
 */
export function hasOwnFeed(site: Site, item: SiteIncident): boolean {
  const closed = item.status === "resolved" || item.status === "postmortem" || item.status === "completed";
  if (!closed) return true;
  // Counted in whole days of the page's zone (timestamps carry its offset), so that the pages of
  // closed items depend on the build's day, not on its time.
  const cutoff = new Date(Date.parse(`${site.today}T12:00:00Z`) - feedDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return item.updated_at.slice(0, 10) >= cutoff;
}

/**
 * The Atom feed of one incident or maintenance, one entry per update: a reader following it sees
 * each new update of this item alone (the history feed has one entry per item).
 */
export function itemFeed(site: Site, locale: Locale, item: SiteIncident): string {
  const t = strings[locale];
  const f = formatters(locale, site.page.time_zone);
  const url = `${site.page.url}${itemPath(site, locale, item)}`;
  const name = incidentName(item, locale);
  const feed = new Feed({
    id: url,
    // Plain text in the feed's <title>: the library escapes it; characters XML forbids are dropped.
    title: xmlText(t.itemFeedTitle(name)),
    link: url,
    language: locale,
    updated: new Date(item.updated_at),
    generator: "Vigie",
    feedLinks: { atom: `${url}feed.atom` },
    author: { name: site.page.name, link: `${site.page.url}/` },
  });
  for (const update of item.incident_updates) {
    const status = t.incidentStatus[update.status];
    feed.addItem({
      // Read as HTML by the library (type="html"): escaped, a name stays text.
      title: cdataSafe(escapeHtml(`${status}: ${name}`)),
      id: `${url}#${update.id}`,
      link: `${url}#${update.id}`,
      date: new Date(update.display_at),
      published: new Date(update.display_at),
      content: cdataSafe(
        `<p><small>${escapeHtml(f.dateTime(update.display_at))}</small></p>${renderMarkdown(updateBody(update, locale))}`,
      ),
    });
  }
  if (item.incident_updates.length === 0)
    feed.addItem({ title: cdataSafe(escapeHtml(name)), id: url, link: url, date: new Date(startOf(item)) });
  return feed.atom1().replace(/<feed /, `<feed xml:lang="${locale}" `);
}
