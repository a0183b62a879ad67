import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PollResult } from "../../../../api/domain/dependencies/poll-result.ts";
import { type SourceConfig, sourceSchema } from "../../../../api/domain/dependencies/source-schema.ts";
import { decodeText } from "../../../../api/monitor/sources/decode-text.ts";
import { createSourceRegistry, pollSource } from "../../../../api/monitor/sources/registry.ts";
import { serveReal } from "../../../helpers/real-corpus.ts";
import {
  fixture,
  pollContext,
  startUpstreamServer,
  type UpstreamServer,
} from "../../../helpers/upstream-server.ts";

// Every adapter turns bytes into text through decodeText before it parses anything: counting its
// calls tells whether a body was read again.
vi.mock(import("../../../../api/monitor/sources/decode-text.ts"), async (original) => {
  const module = await original();
  return { ...module, decodeText: vi.fn(module.decodeText) };
});

let upstream: UpstreamServer;
beforeEach(async () => {
  upstream = await startUpstreamServer();
});
afterEach(() => upstream.close());

/**
 * Each feed-reading kind on a quiet real capture (nothing open that the clock alone could change),
 * served without ETag or Last-Modified, so only the content hash can tell that nothing changed.
 */
const quiet: { kind: string; at: string; serve(): void; source(base: string): unknown }[] = [
  {
    kind: "statuspage (incident.io)",
    at: "2026-07-09T12:00:00Z",
    serve: () =>
      serveReal(upstream, "/api/v2/summary.json", "incidentio-openai-summary-quiet-2026-07-09.json"),
    source: (base) => ({ kind: "statuspage", base_url: base }),
  },
  {
    kind: "aws",
    at: "2025-10-20T12:00:00Z",
    serve: () => {
      upstream.set("/rss/ec2-eu-west-3.rss", { body: fixture("aws-ec2-eu-west-3-resolved.rss") });
      upstream.set("/rss/multipleservices-eu-west-3.rss", { status: 404, body: "Not Found" });
      serveReal(upstream, "/public/currentevents", "aws-currentevents-us-west-2-resolved-2023-03-13.json");
    },
    source: (base) => ({
      kind: "aws",
      service: "ec2",
      region: "eu-west-3",
      base_url: base,
      current_events_url: `${base}/public/currentevents`,
    }),
  },
  {
    kind: "gcp",
    at: "2026-08-18T12:00:00Z",
    serve: () => serveReal(upstream, "/incidents.json", "gcp-incidents-2026-08-18.json"),
    source: (base) => ({ kind: "gcp", base_url: base }),
  },
  {
    kind: "azure",
    at: "2022-11-17T12:00:00Z",
    serve: () => serveReal(upstream, "/en-us/status/feed/", "azure-DERIVED-checkmk-2022-11-17.rss"),
    source: (base) => ({ kind: "azure", feed_url: `${base}/en-us/status/feed/` }),
  },
  {
    kind: "slack",
    at: "2026-08-18T12:00:00Z",
    serve: () => serveReal(upstream, "/api/v2.0.0/current", "slack-current-DERIVED-2026-08-18.json"),
    source: (base) => ({ kind: "slack", base_url: base }),
  },
  {
    kind: "feed",
    at: "2026-03-01T12:00:00Z",
    serve: () => serveReal(upstream, "/history.rss", "statuspage-github-history-2026-02-04.rss"),
    source: (base) => ({ kind: "feed", url: `${base}/history.rss` }),
  },
];

const decoded = () => vi.mocked(decodeText).mock.calls.length;

describe("a body that has not changed", () => {
  it.each(quiet)("is not decoded or parsed again: $kind", async ({ at, serve, source }) => {
    serve();
    const config: SourceConfig = sourceSchema.parse(source(upstream.url));
    const poll = (validators: PollResult["validators"]) =>
      pollSource(createSourceRegistry(), config, pollContext({ now: new Date(at), validators }));
    const before = decoded();
    const first = await poll({});
    expect(first.kind, JSON.stringify(first)).toBe("observed");
    expect(first.validators.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(decoded()).toBeGreaterThan(before);

    const read = decoded();
    const again = await poll(first.validators);
    expect(again).toMatchObject({
      kind: "unchanged",
      validators: { contentHash: first.validators.contentHash },
    });
    expect(decoded()).toBe(read);
  });

  it("is still read in full by our own HTTP check, which must reach the target every time", async () => {
    upstream.set("/healthz", { body: '{"status":"ok"}' });
    const config = sourceSchema.parse({ kind: "http", url: `${upstream.url}/healthz`, keyword: "ok" });
    const first = await pollSource(createSourceRegistry(), config, pollContext());
    const read = decoded();
    const again = await pollSource(
      createSourceRegistry(),
      config,
      pollContext({ validators: first.validators }),
    );
    expect(again.kind).toBe("observed");
    expect(decoded()).toBe(read + 1);
    expect(upstream.count("/healthz")).toBe(2);
  });
});
