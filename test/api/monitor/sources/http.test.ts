import { describe, expect, it } from "vitest";
import { httpAdapter } from "../../../../api/monitor/sources/http.ts";
import type { SafeFetch } from "../../../../api/net/safe-fetch.ts";
import {
  observation,
  pollContext,
  startUpstreamServer,
  upstreamForEachTest,
} from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest(() => {
  upstream.set("/health", { body: '{"status":"ok","db":"up"}' });
});

interface CheckInput {
  path?: string;
  expected_status?: number;
  max_latency_ms?: number;
  keyword?: string;
  url?: string;
}
const check = (input: CheckInput = {}, timeoutMs = 2_000, fetch?: SafeFetch) =>
  httpAdapter.poll(
    {
      kind: "http",
      url: input.url ?? `${upstream.url}${input.path ?? "/health"}`,
      expected_status: input.expected_status ?? 200,
      max_latency_ms: input.max_latency_ms ?? 1_000,
      keyword: input.keyword,
    },
    pollContext({ timeoutMs, ...(fetch ? { fetch } : {}) }),
  );

describe("http check", () => {
  it("is operational when the target answers the expected status in time with the keyword", async () => {
    expect(observation(await check({ keyword: '"db":"up"' }))).toEqual({
      state: "operational",
      upstreamIncidents: [],
    });
    // Every check reaches the target: no conditional GET, no cache.
    expect(upstream.requests[0]?.headers["if-none-match"]).toBeUndefined();
    expect(upstream.requests[0]?.headers["cache-control"]).toBe("no-cache");
  });

  it("calls a wrong status a major outage", async () => {
    upstream.set("/health", { status: 503, body: "upstream connect error" });
    expect(observation(await check())).toEqual({
      state: "major_outage",
      upstreamIncidents: [
        {
          id: "http-check-status",
          title: `${upstream.url}/health answered 503 instead of 200`,
          url: `${upstream.url}/health`,
          state: "major_outage",
        },
      ],
    });
  });

  it("accepts another expected status, redirects included", async () => {
    upstream.set("/old", { status: 301, body: "", contentType: "text/plain" });
    expect(observation(await check({ path: "/old", expected_status: 301 })).state).toBe("operational");
  });

  it("calls a missing keyword a major outage", async () => {
    upstream.set("/health", { body: "<h1>We'll be back soon</h1>", contentType: "text/html" });
    expect(observation(await check({ keyword: '"db":"up"' })).upstreamIncidents).toMatchObject([
      { id: "http-check-keyword", state: "major_outage" },
    ]);
  });

  it("calls a slow answer degraded performance", async () => {
    upstream.set("/health", { body: "ok", delayMs: 150 });
    expect(observation(await check({ max_latency_ms: 50 })).upstreamIncidents).toMatchObject([
      { id: "http-check-slow", state: "degraded_performance" },
    ]);
  });

  it("calls a timeout or a refused connection a major outage", async () => {
    upstream.set("/health", { body: "ok", delayMs: 1_500 });
    const timedOut = observation(await check({}, 200));
    expect(timedOut.state).toBe("major_outage");
    expect(timedOut.upstreamIncidents[0]?.title).toBe(`${upstream.url}/health timed out after 0.2 s`);

    const gone = await startUpstreamServer();
    await gone.close();
    const refused = observation(await check({ url: `${gone.url}/health` }));
    expect(refused.state).toBe("major_outage");
    expect(refused.upstreamIncidents[0]?.title).toContain("connection refused");
  });

  it("leaves the state unknown when the request could not even be made", async () => {
    const guard: SafeFetch = () => Promise.reject(new Error("refusing a private address"));
    const result = await check({}, 2_000, guard);
    expect(result).toMatchObject({ kind: "failed", retryable: false });
    expect(result.kind === "failed" && result.error).toContain("refusing a private address");
  });
});
