import type { FeedEntry } from "./feed-parser.ts";

const instatusUpdate = /\bGMT[+-]\d{1,2}(?::?\d{2})? - ([A-Za-z][A-Za-z ]*?) - /g;
const closedStatus = /^(resolved|completed|postmortem|maintenance completed?)$/i;

/**
 * Where each status-page generator writes that an entry is over:
 * - Atlassian Statuspage: the current status first, in bold: `<strong>Resolved</strong> - …`;
 * - incident.io: `<b>Status: Resolved</b>` at the top of the summary;
 * - Instatus: a plain-text trail, oldest update first, each as `<date> GMT+0 - Resolved - …`, so the
 *   last one is the current status;
 * - Better Stack: a `[Resolved]` prefix in the title;
 * - AWS: `[RESOLVED]` after the severity prefix, or "Service is operating normally:".
 * The title rule also catches generators that just put the word in the title.
 */
const markers: ((entry: FeedEntry) => string | undefined)[] = [
  (entry) => /<strong>\s*([^<]*?)\s*<\/strong>/i.exec(entry.summary)?.[1],
  (entry) => /<b>\s*Status:\s*([^<]*?)\s*<\/b>/i.exec(entry.summary)?.[1],
  (entry) => [...entry.summary.matchAll(instatusUpdate)].at(-1)?.[1],
];

const closedTitle = /\b(resolved|completed)\b|^service is operating normally\b/i;

/** Whether a status-feed entry says its incident or maintenance is over. */
export function isClosedEntry(entry: FeedEntry): boolean {
  if (closedTitle.test(entry.title.trim())) return true;
  return markers.some((read) => closedStatus.test(read(entry) ?? ""));
}
