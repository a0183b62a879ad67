import { formatters } from "./format.ts";
import { strings } from "./i18n.ts";
import { componentLabel, type Site, startOf } from "./site.ts";
import type { Locale, SiteIncident } from "./site-document.ts";

/** Days of past incidents on the home page, today included, as Statuspage shows them. */
export const pastDays = 15;

export interface PastDay {
  /** "2026-11-27", in the page's time zone. */
  date: string;
  /** Newest first; empty on a quiet day. */
  items: SiteIncident[];
}

const dayMs = 86_400_000;

/** The calendar day `days` before "2026-11-27" (noon UTC keeps daylight saving out of the sum). */
export const daysBefore = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T12:00:00Z`) - days * dayMs).toISOString().slice(0, 10);

/**
 * The last `pastDays` days up to the build, each with what started on it. The API writes every
 * timestamp in the page's zone, so their first 10 characters are the local day.
 */
export function pastIncidents(site: Site): PastDay[] {
  const { today } = site;
  const byDay = new Map<string, SiteIncident[]>();
  for (const item of site.history) {
    const date = startOf(item).slice(0, 10);
    byDay.set(date, [...(byDay.get(date) ?? []), item]);
  }
  return Array.from({ length: pastDays }, (_, i) => {
    const date = daysBefore(today, i);
    return { date, items: byDay.get(date) ?? [] };
  });
}

/** "Resolved after 2 h 14 min" for a closed incident, "Completed after …" for a maintenance; else null. */
export function closedAfter(site: Site, locale: Locale, item: SiteIncident): string | null {
  if (!item.resolved_at) return null;
  const minutes = Math.max(0, (Date.parse(item.resolved_at) - Date.parse(item.started_at)) / 60_000);
  const t = strings[locale];
  const duration = formatters(locale, site.page.time_zone).duration(minutes);
  return item.kind === "maintenance" ? t.completedAfter(duration) : t.resolvedAfter(duration);
}

/** The affected components as "Platform - API", in page order (the order the live summary uses). */
export function affectedLabels(site: Site, item: SiteIncident, locale: Locale): string[] {
  const order = site.componentOrder;
  return [...item.component_ids]
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .flatMap((id) => componentLabel(site, id, locale) ?? []);
}
