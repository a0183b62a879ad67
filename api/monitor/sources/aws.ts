import { currentEventIncidents, currentEventsSchema } from "./aws-current-events.ts";
import { type AwsFeed, awsRssIncidents } from "./aws-rss.ts";
import { decodeText } from "./decode-text.ts";
import { parseFeed } from "./feed-parser.ts";
import { joinUrl, observed, parseJson, unreadable } from "./parse-document.ts";
import { contentHash, type Fetched, noValidators, politeFetch } from "./poll-fetch.ts";
import { worstState } from "./states.ts";
import type { PollResult, SourceAdapter } from "./types.ts";

const defaultBaseUrl = "https://status.aws.amazon.com";
const defaultCurrentEventsUrl = "https://health.aws.amazon.com/public/currentevents";
const rssAccept = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8";

/**
 * AWS Health Dashboard for one service in one region: its RSS feed, plus the region's
 * `multipleservices` feed (a multi-service event counts for every service there), plus optionally the
 * dashboard's current-events JSON. Several documents share one set of validators, so no conditional
 * GET: the hash of all of them together tells when nothing changed.
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
    const rssIncidents = awsRssIncidents(parsedFeeds, ctx.now, joinUrl(baseUrl, "/"));
    const events = eventsUrl ? readEvents(eventsUrl, bodies[2]!, [serviceKey, regionKey]) : [];
    if (!Array.isArray(events)) return events;

    const incidents = [...rssIncidents, ...events];
    // An open RSS event closes by itself after a day of silence, which the same bytes would not
    // reveal: while one is open, the next poll must re-read and re-judge the feeds.
    return observed(
      { state: worstState(incidents.map((i) => i.state)), upstreamIncidents: incidents },
      rssIncidents.length > 0 ? noValidators : validators,
    );
  },
};

function readEvents(url: string, body: Uint8Array, keys: string[]) {
  const parsed = parseJson(body, currentEventsSchema, "an AWS current-events list");
  if (!parsed.ok) return unreadable(url, parsed.error) as PollResult;
  return currentEventIncidents(parsed.value, keys, new URL("/health/status", url).href);
}
