import type { UpstreamIncident } from "../../../db/schema/index.ts";
import type { PollResult } from "../../domain/dependencies/poll-result.ts";
import { currentEventIncidents, currentEventsSchema } from "./aws-current-events.ts";
import { type AwsFeed, readAwsRss, silenceMessage } from "./aws-rss.ts";
import { decodeText } from "./decode-text.ts";
import { parseFeed } from "./feed-parser.ts";
import { joinUrl, observed, parseJson, unreadable } from "./parse-document.ts";
import { contentHash, type Fetched, noValidators, politeFetch } from "./poll-fetch.ts";
import { worstState } from "./states.ts";
import type { SourceAdapter } from "./types.ts";

const defaultBaseUrl = "https://status.aws.amazon.com";
const defaultCurrentEventsUrl = "https://health.aws.amazon.com/public/currentevents";
const rssAccept = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8";
const hourMs = 60 * 60 * 1000;

/**
 * AWS Health Dashboard for one service in one region: its RSS feed, plus the region's
 * `multipleservices` feed (a multi-service event counts for every service there), plus the
 * dashboard's current-events JSON, which says which events are still open however long AWS has been
 * silent about them. Several documents share one set of validators, so no conditional GET: the hash
 * of all of them together tells when nothing changed.
 */
export const awsAdapter: SourceAdapter<"aws"> = {
  async poll(source, ctx) {
    const baseUrl = source.base_url ?? defaultBaseUrl;
    const serviceKey = `${source.service}-${source.region}`;
    const regionKey = `multipleservices-${source.region}`;
    const eventsUrl = source.use_current_events
      ? (source.current_events_url ?? defaultCurrentEventsUrl)
      : null;
    const plain = { conditional: false, accept: rssAccept };
    const feeds: [string, string][] = [
      [serviceKey, joinUrl(baseUrl, `/rss/${serviceKey}.rss`)],
      [regionKey, joinUrl(baseUrl, `/rss/${regionKey}.rss`)],
    ];
    const fetched = await Promise.all([
      politeFetch(feeds[0]![1], ctx, plain),
      // Not every region has had a multi-service event: a missing feed is an empty one.
      politeFetch(feeds[1]![1], ctx, { ...plain, missingIsEmpty: true }),
      ...(eventsUrl ? [politeFetch(eventsUrl, ctx, { conditional: false, accept: "application/json" })] : []),
    ]);
    const bodies: Uint8Array[] = [];
    const missing = new Set<number>();
    for (const [index, result] of fetched.entries()) {
      if (result.kind !== "fetched") return result as Exclude<Fetched, { kind: "fetched" }>;
      if (result.missing) missing.add(index);
      bodies.push(result.bytes);
    }
    const hash = contentHash(...bodies);
    const validators = { etag: null, lastModified: null, contentHash: hash };
    if (hash === ctx.validators.contentHash) return { kind: "unchanged", validators };

    const parsedFeeds: AwsFeed[] = [];
    for (const [index, [key, url]] of feeds.entries()) {
      if (missing.has(index)) continue;
      const parsed = parseFeed(decodeText(bodies[index]!));
      if (!parsed.ok) return unreadable(url, parsed.error);
      parsedFeeds.push({ key, entries: parsed.value });
    }
    const rss = readAwsRss(
      parsedFeeds,
      [serviceKey, regionKey],
      ctx.now,
      joinUrl(baseUrl, "/"),
      source.silence_hours * hourMs,
    );
    let incidents: UpstreamIncident[] = rss.incidents;
    let error: string | undefined;
    if (eventsUrl) {
      // Current events settle the silent chains: an event still listed there is open, one that is
      // not has been closed. A key the feeds are already talking about is not counted twice.
      const keys = [serviceKey, regionKey].filter((key) => !rss.openKeys.has(key));
      const events = readEvents(eventsUrl, bodies[2]!, keys);
      if (!Array.isArray(events)) return events;
      incidents = [...incidents, ...events];
    } else if (rss.silent.length > 0) {
      error = silenceMessage(rss.silent, ctx.now);
    }
    const states = incidents.map((i) => i.state);
    const state = worstState(error ? [...states, "unknown"] : states);
    // An open RSS event falls silent with the clock alone, which the same bytes would not reveal:
    // while one is open, the next poll must re-read and re-judge the feeds.
    return observed(
      error ? { state, upstreamIncidents: incidents, error } : { state, upstreamIncidents: incidents },
      rss.incidents.length > 0 ? noValidators : validators,
    );
  },
};

function readEvents(url: string, body: Uint8Array, keys: string[]) {
  const parsed = parseJson(body, currentEventsSchema, "an AWS current-events list");
  if (!parsed.ok) return unreadable(url, parsed.error) as PollResult;
  return currentEventIncidents(parsed.value, keys, new URL("/health/status", url).href);
}
