import type { UpstreamIncident } from "../../../db/schema/index.ts";
import { decodeText } from "./decode-text.ts";
import { type FeedEntry, parseFeed } from "./feed-parser.ts";
import { absoluteUrl, observed, unreadable } from "./parse-document.ts";
import { noValidators, politeFetch } from "./poll-fetch.ts";
import type { SourceAdapter } from "./types.ts";

const hourMs = 60 * 60 * 1000;
/** Clocks disagree a little; an entry dated further ahead is an announcement (a planned maintenance). */
const clockSkewMs = 5 * 60 * 1000;

const closedWords = /\b(resolved|completed)\b/i;
/** Statuspage-style feeds put the current status first, in bold, in the entry's HTML. */
const firstStrong = /<strong>\s*([^<]*?)\s*<\/strong>/i;

function isClosed(entry: FeedEntry): boolean {
  const status = firstStrong.exec(entry.summary)?.[1] ?? "";
  return closedWords.test(entry.title) || /^(resolved|completed|postmortem)$/i.test(status);
}

/**
 * Any RSS or Atom status feed. Feeds carry no severity and no "open" flag, so an entry updated within
 * `active_hours` whose title does not say resolved is taken as an open incident (degraded
 * performance). Entries without a date are ignored: nothing says they are current.
 */
export const feedAdapter: SourceAdapter<"feed"> = {
  async poll(source, ctx) {
    const fetched = await politeFetch(source.url, ctx, {
      accept: "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8",
    });
    if (fetched.kind !== "fetched") return fetched;
    const parsed = parseFeed(decodeText(fetched.bytes));
    if (!parsed.ok) return unreadable(source.url, parsed.error);

    const now = ctx.now.getTime();
    const since = now - source.active_hours * hourMs;
    const pending = parsed.value.filter((e) => e.updated && e.updated.getTime() >= since && !isClosed(e));
    const incidents: UpstreamIncident[] = pending
      .filter((e) => e.updated!.getTime() <= now + clockSkewMs)
      .map((e) => ({
        id: e.id ?? e.link ?? e.title,
        title: e.title,
        url: absoluteUrl(e.link, source.url),
        state: "degraded_performance",
        startedAt: (e.published ?? e.updated)!.toISOString(),
      }));
    // An open entry ages out, and an announced one comes due, with the clock alone: the same bytes
    // must then be judged again, so no validators are kept.
    return observed(
      { state: incidents.length > 0 ? "degraded_performance" : "operational", upstreamIncidents: incidents },
      pending.length > 0 ? noValidators : fetched.validators,
    );
  },
};
