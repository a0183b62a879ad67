import { regionsMentioned } from "./azure-regions.ts";
import { decodeText } from "./decode-text.ts";
import { parseFeed } from "./feed-parser.ts";
import { absoluteUrl, observed, unreadable } from "./parse-document.ts";
import { politeFetch } from "./poll-fetch.ts";
import { nameKey } from "./states.ts";
import type { SourceAdapter } from "./types.ts";

const defaultFeedUrl = "https://rssfeed.azure.status.microsoft/en-us/status/feed/";

/**
 * The Azure status RSS lists active events only and carries no severity: an item that concerns a
 * watched region means degraded performance; an empty feed means all is well. An item that names no
 * region at all, or is tagged "Public Non-Regional" (Azure Front Door, Entra ID…), is a global event
 * and concerns every region, whichever regions its text happens to name.
 */
export const azureAdapter: SourceAdapter<"azure"> = {
  async poll(source, ctx) {
    const url = source.feed_url ?? defaultFeedUrl;
    const fetched = await politeFetch(url, ctx, { accept: "application/rss+xml, application/xml;q=0.9" });
    if (fetched.kind !== "fetched") return fetched;
    const parsed = parseFeed(decodeText(fetched.bytes));
    if (!parsed.ok) return unreadable(url, parsed.error);

    const watched = (source.regions ?? []).map(nameKey);
    const incidents = parsed.value
      .filter((entry) => {
        if (watched.length === 0 || isNonRegional(entry)) return true;
        const named = regionsMentioned(
          [entry.title, entry.summary, ...entry.categories].join("\n"),
          source.regions,
        );
        return named.size === 0 || watched.some((region) => named.has(region));
      })
      .map((entry) => ({
        id: entry.id ?? entry.link ?? entry.title,
        title: entry.title,
        url: absoluteUrl(entry.link, url),
        state: "degraded_performance" as const,
        startedAt: entry.published?.toISOString(),
      }));
    return observed(
      { state: incidents.length > 0 ? "degraded_performance" : "operational", upstreamIncidents: incidents },
      fetched.validators,
    );
  },
};

const nonRegional = /\bnon-regional\b/i;

function isNonRegional(entry: { categories: string[]; title: string }): boolean {
  return entry.categories.some((c) => nonRegional.test(c)) || nonRegional.test(entry.title);
}
