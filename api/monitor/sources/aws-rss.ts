import type { DependencyState, UpstreamIncident } from "../../../db/schema/index.ts";
import type { FeedEntry } from "./feed-parser.ts";
import { absoluteUrl } from "./parse-document.ts";

/** AWS posts updates, not incidents: a silence this long ends the story even without a resolution. */
export const awsChainGapMs = 24 * 60 * 60 * 1000;

/** The severity AWS puts in a title prefix; `closed` for a resolution or an all-clear. */
export function awsTitleState(title: string): DependencyState | "closed" {
  const t = title.trim().toLowerCase();
  if (
    t.startsWith("[resolved]") ||
    t.startsWith("resolved:") ||
    t.startsWith("service is operating normally")
  ) {
    return "closed";
  }
  if (t.startsWith("informational message")) return "operational";
  if (t.startsWith("service disruption")) return "major_outage";
  if (t.startsWith("service degradation") || t.startsWith("service impact")) return "partial_outage";
  // An unfamiliar headline still says something is going on.
  return "degraded_performance";
}

/** The service key in a guid such as `https://status.aws.amazon.com/#ec2-us-east-1_1729412345`. */
function serviceKey(entry: FeedEntry, fallback: string): string {
  const match = /#([a-z0-9-]+)_\d+$/i.exec(entry.id ?? "");
  return match?.[1]?.toLowerCase() ?? fallback;
}

export interface AwsFeed {
  /** The key the whole feed is about, for items whose guid does not say (e.g. `ec2-eu-west-3`). */
  key: string;
  entries: FeedEntry[];
}

/**
 * One open incident per service key whose latest item is neither a resolution nor older than a day.
 * The incident starts at the first item of its unbroken chain (no resolution, no day-long gap), which
 * gives it an id that stays the same while AWS keeps posting updates.
 */
export function awsRssIncidents(feeds: AwsFeed[], now: Date, dashboardUrl: string): UpstreamIncident[] {
  const byKey = new Map<string, { entry: FeedEntry; at: number }[]>();
  for (const feed of feeds) {
    for (const entry of feed.entries) {
      const key = serviceKey(entry, feed.key);
      // Undated items cannot age out: counting them as fresh never hides an open event.
      const at = entry.published?.getTime() ?? now.getTime();
      if (at > now.getTime() + 60_000) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), { entry, at }]);
    }
  }
  const incidents: UpstreamIncident[] = [];
  for (const [key, items] of byKey) {
    items.sort((a, b) => b.at - a.at);
    const latest = items[0]!;
    const state = awsTitleState(latest.entry.title);
    if (state === "closed" || now.getTime() - latest.at > awsChainGapMs) continue;
    let first = latest;
    for (const item of items.slice(1)) {
      if (awsTitleState(item.entry.title) === "closed" || first.at - item.at > awsChainGapMs) break;
      first = item;
    }
    incidents.push({
      id: first.entry.id ?? `${key}_${Math.floor(first.at / 1000)}`,
      title: latest.entry.title,
      url:
        absoluteUrl(latest.entry.link, dashboardUrl) ??
        absoluteUrl(latest.entry.id, dashboardUrl) ??
        dashboardUrl,
      state,
      startedAt: new Date(first.at).toISOString(),
    });
  }
  return incidents;
}
