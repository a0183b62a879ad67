import { describe, expect, it } from "vitest";
import { contentHash, politeFetch } from "../../../../api/monitor/sources/poll-fetch.ts";
import { statuspageAdapter } from "../../../../api/monitor/sources/statuspage.ts";
import type { SafeFetch } from "../../../../api/net/safe-fetch.ts";
import {
  fixture,
  pollContext,
  startUpstreamServer,
  upstreamForEachTest,
} from "../../../helpers/upstream-server.ts";

const upstream = upstreamForEachTest();

const summaryPath = "/api/v2/summary.json";
const pollSummary = (validators = {}, timeoutMs = 2_000) =>
  statuspageAdapter.poll(
    { kind: "statuspage", base_url: upstream.url },
    pollContext({ validators, timeoutMs }),
  );

describe("polite fetch", () => {
  it("sends the validators it was given, and a 304 is 'unchanged' with the validators kept", async () => {
    upstream.set(summaryPath, { body: fixture("statuspage-summary-outage.json"), etag: '"v1"' });
    const first = await pollSummary();
    expect(first.kind).toBe("observed");
    expect(first.validators.etag).toBe('"v1"');
    expect(upstream.requests[0]?.headers["if-none-match"]).toBeUndefined();

    const second = await pollSummary(first.validators);
    expect(upstream.requests[1]?.headers["if-none-match"]).toBe('"v1"');
    expect(second).toEqual({ kind: "unchanged", validators: first.validators });
    expect(upstream.count(summaryPath)).toBe(2);
  });

  it("sends If-Modified-Since from a Last-Modified", async () => {
    const lastModified = "Mon, 20 Oct 2025 11:55:00 GMT";
    upstream.set(summaryPath, { body: fixture("statuspage-summary-outage.json"), lastModified });
    const first = await pollSummary();
    expect(first.validators.lastModified).toBe(lastModified);
    const second = await pollSummary(first.validators);
    expect(upstream.requests[1]?.headers["if-modified-since"]).toBe(lastModified);
    expect(second.kind).toBe("unchanged");
  });

  it("answers 'unchanged' for the same bytes without validators, and observes once they change", async () => {
    const body = fixture("statuspage-summary-outage.json");
    upstream.set(summaryPath, { body });
    const first = await pollSummary();
    expect(first.validators.contentHash).toBe(contentHash(new TextEncoder().encode(body)));
    expect(await pollSummary(first.validators)).toMatchObject({ kind: "unchanged" });

    upstream.set(summaryPath, { body: body.replace('"status": "major_outage"', '"status": "operational"') });
    expect(await pollSummary(first.validators)).toMatchObject({ kind: "observed" });
  });

  it("does not retry a 4xx, retries a 5xx, and clears validators on failure", async () => {
    upstream.set(summaryPath, { status: 404, body: "Not Found" });
    expect(await pollSummary({ etag: '"v1"' })).toEqual({
      kind: "failed",
      error: `${upstream.url}${summaryPath} answered 404`,
      retryable: false,
      validators: { etag: null, lastModified: null, contentHash: null },
    });
    upstream.set(summaryPath, { status: 503, body: "Service Unavailable" });
    expect(await pollSummary()).toMatchObject({
      kind: "failed",
      error: `${upstream.url}${summaryPath} answered 503`,
      retryable: true,
    });
  });

  it("gives up after the timeout, retryably, in words", async () => {
    upstream.set(summaryPath, { body: fixture("statuspage-summary-outage.json"), delayMs: 1_500 });
    const started = performance.now();
    const result = await pollSummary({}, 200);
    expect(performance.now() - started).toBeLessThan(1_200);
    expect(result).toMatchObject({
      kind: "failed",
      retryable: true,
      error: `${upstream.url}${summaryPath} timed out after 0.2 s`,
    });
  });

  it("reports a refused connection as retryable", async () => {
    const gone = await startUpstreamServer();
    await gone.close();
    const result = await statuspageAdapter.poll({ kind: "statuspage", base_url: gone.url }, pollContext());
    expect(result).toMatchObject({
      kind: "failed",
      retryable: true,
      error: `could not reach ${gone.url}${summaryPath}: connection refused`,
    });
  });

  it("refuses a body larger than the bound", async () => {
    upstream.set("/big", { body: "x".repeat(64 * 1024) });
    const result = await politeFetch(`${upstream.url}/big`, pollContext(), { maxBytes: 1024 });
    expect(result).toMatchObject({
      kind: "failed",
      retryable: false,
      error: `${upstream.url}/big sent more than 1 kB`,
    });
  });

  it("fails on garbage instead of reading it as operational", async () => {
    upstream.set(summaryPath, {
      body: "<html><body>Oops, something went wrong</body></html>",
      contentType: "text/html",
    });
    const result = await pollSummary();
    expect(result.kind).toBe("failed");
    expect(result.kind === "failed" && result.error).toMatch(/not valid JSON/);
  });

  it("identifies itself and asks for the document type it reads", async () => {
    upstream.set("/doc", { body: "{}" });
    await politeFetch(`${upstream.url}/doc`, pollContext(), { accept: "application/json" });
    expect(upstream.requests[0]?.headers).toMatchObject({
      "user-agent": "Vigie-test/1.0 (+https://vigie.test)",
      accept: "application/json",
    });
  });

  it("follows redirects one hop at a time through the injected fetch, and not forever", async () => {
    upstream.set("/old", { status: 301, headers: { location: "/moved" } });
    upstream.set("/moved", { status: 302, headers: { location: `${upstream.url}/doc` } });
    upstream.set("/doc", { body: "{}" });
    expect(await politeFetch(`${upstream.url}/old`, pollContext())).toMatchObject({ kind: "fetched" });
    expect(upstream.requests.map((r) => r.path)).toEqual(["/old", "/moved", "/doc"]);

    upstream.set("/loop", { status: 307, headers: { location: "/loop" } });
    const looped = await politeFetch(`${upstream.url}/loop`, pollContext());
    expect(looped).toMatchObject({ kind: "failed", retryable: false });
    expect(looped.kind === "failed" && looped.error).toContain("redirected more than 5 times");
    expect(upstream.count("/loop")).toBe(6);
  });

  it("reads the kind of failure the network guard reports", async () => {
    const failing =
      (error: Error): SafeFetch =>
      () =>
        Promise.reject(error);
    const guardError = (failure: string, message: string) => Object.assign(new Error(message), { failure });
    const url = `${upstream.url}/doc`;
    const poll = (error: Error) => politeFetch(url, pollContext({ fetch: failing(error) }));

    expect(await poll(guardError("timeout", "x did not answer in full within 2000 ms"))).toMatchObject({
      retryable: true,
      error: `${url} timed out after 2 s`,
    });
    expect(await poll(guardError("dns", "could not resolve x (ENOTFOUND)"))).toMatchObject({
      retryable: true,
      error: `could not reach ${url}: could not resolve x (ENOTFOUND)`,
    });
    expect(await poll(guardError("too_large", "the response from x is larger than 5 MB"))).toMatchObject({
      retryable: false,
    });
    expect(await poll(new Error("Refused: a private address."))).toMatchObject({
      retryable: false,
      error: `could not fetch ${url}: Refused: a private address.`,
    });
  });
});
