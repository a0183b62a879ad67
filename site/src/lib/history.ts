import type { Site } from "./site.ts";
import { startOf } from "./site.ts";
import type { SiteIncident } from "./site-document.ts";

export const historyPageSize = 25;

export interface HistoryMonth {
  /** "2026-11", in the page's time zone. */
  key: string;
  items: SiteIncident[];
}

// The API writes every timestamp in the page's zone, so its first 7 characters are the local month.
const monthOf = (item: SiteIncident) => startOf(item).slice(0, 7);

/** The history cut into pages of `historyPageSize` items, each page grouped by month. */
export function historyPages(site: Site): HistoryMonth[][] {
  const pages: HistoryMonth[][] = [];
  for (let i = 0; i < site.history.length; i += historyPageSize) {
    const months: HistoryMonth[] = [];
    for (const item of site.history.slice(i, i + historyPageSize)) {
      const key = monthOf(item);
      const last = months.at(-1);
      if (last?.key === key) last.items.push(item);
      else months.push({ key, items: [item] });
    }
    pages.push(months);
  }
  return pages.length ? pages : [[]];
}
