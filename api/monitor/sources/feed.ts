import type { UpstreamIncident } from "../../../db/schema/index.ts";
import { awsServiceKey, silenceMessage } from "./aws-rss.ts";
import { awsTitleState } from "./aws-states.ts";
import { decodeText } from "./decode-text.ts";
import { type FeedEntry, parseFeed } from "./feed-parser.ts";
import { isClosedEntry } from "./feed-status.ts";
import { absoluteUrl, observed, unreadable } from "./parse-document.ts";
import { noValidators, politeFetch } from "./poll-fetch.ts";
import { worstState } from "./states.ts";
import type { SourceAdapter } from "./types.ts";

const hourMs = 60 * 60 * 1000;
/** Clocks disagree a little; an entry dated further ahead is an announcement (a planned maintenance). */
const clockSkewMs = 5 * 60 * 1000;

/**
 * Any RSS or Atom status feed. Feeds carry no "open" flag, so an entry updated within `active_hours`
 * that does not say it is over (see feed-status.ts) is taken as an open incident (degraded
 * performance). Entries without a date are ignored: nothing says they are current.
 *
 * AWS feeds (e.g. CloudFront's global feed) are a stream of updates rather than one entry per
 * incident: only the latest update of each service counts, with the severity of its title, and an
 * event AWS has not resolved is never dropped for being old: it makes the feed unknown.
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
    const entries = latestPerAwsService(parsed.value, now + clockSkewMs);
    const pending = entries.filter((e) => e.updated && e.updated.getTime() >= since && !isClosedEntry(e));
    const incidents: UpstreamIncident[] = pending
      .filter((e) => e.updated!.getTime() <= now + clockSkewMs)
      .map((e) => ({
        id: e.id ?? e.link ?? e.title,
        title: e.title,
        url: absoluteUrl(e.link, source.url),
        state: entryState(e),
        startedAt: (e.published ?? e.updated)!.toISOString(),
      }));
    const silent = entries
      .filter((e) => awsServiceKey(e.id) && e.updated && e.updated.getTime() < since && !isClosedEntry(e))
      .filter((e) => entryState(e) !== "operational")
      .map((e) => ({ key: awsServiceKey(e.id)!, title: e.title, lastNewsAt: e.updated! }));
    const error = silent.length > 0 ? silenceMessage(silent, ctx.now) : undefined;
    const states = incidents.map((i) => i.state);
    const state = worstState(error ? [...states, "unknown"] : states);
    // An open entry ages out, and an announced one comes due, with the clock alone: the same bytes
    // must then be judged again, so no validators are kept.
    return observed(
      error ? { state, upstreamIncidents: incidents, error } : { state, upstreamIncidents: incidents },
      pending.length > 0 ? noValidators : fetched.validators,
    );
  },
};

function entryState(entry: FeedEntry) {
  if (!awsServiceKey(entry.id)) return "degraded_performance" as const;
  const state = awsTitleState(entry.title);
  return state === "closed" ? ("operational" as const) : state;
}

/**
 * Entries as they are, except AWS updates: only the newest of each service key is kept (AWS never
 * announces ahead, so an update dated after `until` is not one we could have read yet).
 */
function latestPerAwsService(entries: FeedEntry[], until: number): FeedEntry[] {
  const newest = new Map<string, FeedEntry>();
  const others: FeedEntry[] = [];
  for (const entry of entries) {
    const key = awsServiceKey(entry.id);
    if (!key) {
      others.push(entry);
      continue;
    }
    if ((entry.updated?.getTime() ?? 0) > until) continue;
    const held = newest.get(key);
    if (!held || (entry.updated?.getTime() ?? 0) > (held.updated?.getTime() ?? 0)) newest.set(key, entry);
  }
  return [...others, ...newest.values()];
}
