import { describe, expect, it } from "vitest";
import { feedAdapter } from "../../../../api/monitor/sources/feed.ts";
import type { FeedEntry } from "../../../../api/monitor/sources/feed-parser.ts";
import { isClosedEntry } from "../../../../api/monitor/sources/feed-status.ts";
import { observation, serveReal } from "../../../helpers/real-corpus.ts";
import { pollContext, upstreamForEachTest } from "../../../helpers/upstream-server.ts";

const entry = (title: string, summary = ""): FeedEntry => ({ title, summary, categories: [] });

describe("each generator's resolution marker", () => {
  it("Statuspage: the current status first, in bold", () => {
    const trail = (status: string) =>
      `<p><small>Jun <var data-var='date'>18</var>, <var data-var='time'>18:09</var> UTC</small><br><strong>${status}</strong> - This incident has been resolved.</p><p><strong>Investigating</strong> - We are investigating.</p>`;
    expect(isClosedEntry(entry("Incident with Actions", trail("Resolved")))).toBe(true);
    expect(isClosedEntry(entry("Scheduled maintenance", trail("Completed")))).toBe(true);
    expect(isClosedEntry(entry("Incident with Actions", trail("Update")))).toBe(false);
  });

  it("incident.io: a bold 'Status:' line at the top", () => {
    const body = (status: string) =>
      `<b>Status: ${status}</b><br/><br/>All impacted services have now fully recovered.<br/><br/><b>Affected components</b><ul><li>Conversations (Operational)</li></ul>`;
    expect(isClosedEntry(entry("Increased latency in ChatGPT for some users", body("Resolved")))).toBe(true);
    expect(isClosedEntry(entry("Elevated errors across ChatGPT and Codex", body("Investigating")))).toBe(
      false,
    );
    expect(isClosedEntry(entry("Elevated errors across ChatGPT and Codex", body("Monitoring")))).toBe(false);
  });

  it("Instatus: the last update of its plain-text trail", () => {
    const trail = (last: string) =>
      `Type: Incident Duration: 46 minutes Affected Components: Northflank App Sep 25, 15:15:00 GMT+0 - Investigating - We are currently investigating this incident. Sep 25, 16:01:05 GMT+0 - ${last} - Still on it.`;
    expect(isClosedEntry(entry("Degraded SSO login via WorkOS", trail("Resolved")))).toBe(true);
    expect(isClosedEntry(entry("Degraded SSO login via WorkOS", trail("Monitoring")))).toBe(false);
    expect(isClosedEntry(entry("Planned database upgrade", trail("Completed")))).toBe(true);
  });

  it("Better Stack and AWS: a marker in the title", () => {
    expect(isClosedEntry(entry("[Resolved] Database Connection Issues"))).toBe(true);
    expect(isClosedEntry(entry("[Investigating] Database Connection Issues"))).toBe(false);
    expect(isClosedEntry(entry("Service is operating normally: [RESOLVED] Increased Packet loss"))).toBe(
      true,
    );
    expect(isClosedEntry(entry("Informational message: [RESOLVED] Increased Packet loss"))).toBe(true);
    expect(isClosedEntry(entry("Service impact: Increased Packet loss"))).toBe(false);
    // A word that merely contains the marker does not close anything.
    expect(isClosedEntry(entry("Unresolved DNS lookups in eu-west-1"))).toBe(false);
  });
});

describe("Better Stack's documented feed (DERIVED: its first item)", () => {
  const upstream = upstreamForEachTest();

  it("reads a [Resolved] update as nothing open", async () => {
    serveReal(upstream, "/feed.rss", "betterstack-DERIVED-docs-example-2024-01-15.rss");
    const seen = await feedAdapter
      .poll(
        { kind: "feed", url: `${upstream.url}/feed.rss`, active_hours: 24 },
        pollContext({ now: new Date("2024-01-15T12:00:00Z") }),
      )
      .then(observation);
    expect(seen).toEqual({ state: "operational", upstreamIncidents: [] });
  });
});
