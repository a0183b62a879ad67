import type { Site } from "./site.ts";
import { startOf } from "./site.ts";
import type { SiteIncident } from "./site-document.ts";

export const historyPageSize = 25;

export interface HistoryMonth {
  /** "2026-11", in the page's time zone. */
  key: string;
  /** Empty for a quiet month. */
  items: SiteIncident[];
}

// The API writes every timestamp in the page's zone, so its first 7 characters are the local month.
const monthOf = (item: SiteIncident) => startOf(item).slice(0, 7);

/** The month before "2026-11": "2026-10". */
export function previousMonth(key: string): string {
  const [y = 1970, m = 1] = key.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/**
 * The history cut into pages of `historyPageSize` items, each page grouped by month, newest first.
 * A month without anything between the build's month and the oldest item is listed, empty, on the
 * page where it falls, so a reader sees it was quiet rather than missing.
 */
export function historyPages(site: Site): HistoryMonth[][] {
  const pages: HistoryMonth[][] = [];
  // The month after the last one listed: the build's own month is next before anything.
  let next = site.history.length ? site.today.slice(0, 7) : "";
  for (let i = 0; i < site.history.length; i += historyPageSize) {
    const months: HistoryMonth[] = [];
    for (const item of site.history.slice(i, i + historyPageSize)) {
      const key = monthOf(item);
      const last = months.at(-1);
      if (last?.key === key) {
        last.items.push(item);
        continue;
      }
      // Quiet months from `next` down to this item's (bounded: keys only ever go down).
      for (let quiet = next; quiet > key; quiet = previousMonth(quiet))
        months.push({ key: quiet, items: [] });
      months.push({ key, items: [item] });
      next = previousMonth(key);
    }
    pages.push(months);
  }
  return pages.length ? pages : [[]];
}
