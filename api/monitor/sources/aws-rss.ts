import type { UpstreamIncident } from "../../../db/schema/index.ts";
import { awsTitleState } from "./aws-states.ts";
import type { FeedEntry } from "./feed-parser.ts";
import { absoluteUrl } from "./parse-document.ts";

/** AWS posts updates, not incidents: two posts further apart than this belong to different events. */
export const awsChainGapMs = 24 * 60 * 60 * 1000;

/** The service key in a guid such as `https://status.aws.amazon.com/#ec2-us-east-1_1729412345`. */
export function awsServiceKey(id: string | undefined): string | undefined {
  return /#([a-z0-9-]+)_\d+$/i.exec(id ?? "")?.[1]?.toLowerCase();
}

export interface AwsFeed {
  /** The key the whole feed is about, for items whose guid does not say (e.g. `ec2-eu-west-3`). */
  key: string;
  entries: FeedEntry[];
}

/** An event AWS has not resolved but has not talked about for longer than the silence limit. */
export interface SilentChain {
  key: string;
  title: string;
  lastNewsAt: Date;
}

export interface AwsRssReading {
  incidents: UpstreamIncident[];
  /** Service keys with an open, recently talked-about event. */
  openKeys: Set<string>;
  silent: SilentChain[];
}

/**
 * One open incident per service key whose latest item is not a resolution. The incident starts at
 * the first item of its unbroken chain (no resolution, no day-long gap), which gives it an id that
 * stays the same while AWS keeps posting updates. A chain quiet for longer than `silenceMs` is not
 * taken as resolved: AWS has left events open for months without a word. It is reported as silent,
 * for the caller to settle with current events or to call unknown.
 */
export function readAwsRss(
  feeds: AwsFeed[],
  keys: string[],
  now: Date,
  dashboardUrl: string,
  silenceMs: number,
): AwsRssReading {
  const byKey = new Map<string, { entry: FeedEntry; at: number }[]>();
  for (const feed of feeds) {
    for (const entry of feed.entries) {
      const key = awsServiceKey(entry.id) ?? feed.key;
      // A feed that carries other services' items (the all-services feed) says nothing about ours.
      if (!keys.includes(key)) continue;
      // Undated items cannot age out: counting them as fresh never hides an open event.
      const at = entry.published?.getTime() ?? now.getTime();
      if (at > now.getTime() + 60_000) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), { entry, at }]);
    }
  }
  const reading: AwsRssReading = { incidents: [], openKeys: new Set(), silent: [] };
  for (const [key, items] of byKey) {
    items.sort((a, b) => b.at - a.at);
    const latest = items[0]!;
    const state = awsTitleState(latest.entry.title);
    if (state === "closed") continue;
    if (now.getTime() - latest.at > silenceMs) {
      // A note left without a resolution was never an outage: its silence says nothing.
      if (state !== "operational")
        reading.silent.push({ key, title: latest.entry.title, lastNewsAt: new Date(latest.at) });
      continue;
    }
    reading.openKeys.add(key);
    let first = latest;
    for (const item of items.slice(1)) {
      if (awsTitleState(item.entry.title) === "closed" || first.at - item.at > awsChainGapMs) break;
      first = item;
    }
    reading.incidents.push({
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
  return reading;
}

/** "no news from AWS for 26 h (multipleservices-me-central-1: Service disruption: …)" */
export function silenceMessage(silent: SilentChain[], now: Date): string {
  const oldest = silent.reduce((a, b) => (a.lastNewsAt <= b.lastNewsAt ? a : b));
  const hours = Math.floor((now.getTime() - oldest.lastNewsAt.getTime()) / 3_600_000);
  const span = hours >= 72 ? `${Math.floor(hours / 24)} days` : `${hours} h`;
  return `no news from AWS for ${span} on an event it has not resolved (${oldest.key}: ${oldest.title})`;
}
