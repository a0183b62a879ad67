import type { DependencyState } from "../../../db/schema/index.ts";
import type { PollResult } from "../../domain/dependencies/poll-result.ts";
import { fetchFollowingRedirects } from "../../net/follow-redirects.ts";
import { decodeText } from "./decode-text.ts";
import { describeFetchError, readBounded } from "./fetch-failure.ts";
import { observed } from "./parse-document.ts";
import { defaultMaxBytes, getOf, noValidators } from "./poll-fetch.ts";
import type { SourceAdapter } from "./types.ts";

/**
 * Our own check of a URL, for providers without a status feed. Unlike a feed, a failed probe is an
 * observation, not a gap in our knowledge: the target not answering (timeout, refused, reset, unknown
 * host, TLS failure), answering another status, or serving a page without the keyword is what its
 * users see as down, so it is a major outage; a correct but slow answer is degraded performance.
 * Only a request we could not even make (a URL the network guard refuses) leaves the state unknown.
 * No conditional GET and no content hash: every check must really reach the target.
 */
export const httpAdapter: SourceAdapter<"http"> = {
  async poll(source, ctx) {
    const url = source.url;
    const started = performance.now();
    let status: number;
    let body = "";
    try {
      const init = {
        headers: { "user-agent": ctx.userAgent, "cache-control": "no-cache" },
        timeoutMs: ctx.timeoutMs,
        maxBytes: defaultMaxBytes,
      };
      // Expecting a redirect means checking the redirect itself, not where it leads.
      const response =
        source.expected_status >= 300 && source.expected_status < 400
          ? await getOf(ctx)(url, { ...init, redirect: "manual" })
          : await fetchFollowingRedirects(getOf(ctx), url, init);
      status = response.status;
      if (source.keyword) body = decodeText(await readBounded(response, defaultMaxBytes));
      else await response.body?.cancel();
    } catch (err) {
      const failure = describeFetchError(url, err, ctx.timeoutMs);
      if (failure.unreachable) return down("unreachable", failure.error, "major_outage", url);
      return { kind: "failed", error: failure.error, retryable: failure.retryable, validators: noValidators };
    }
    const latencyMs = Math.round(performance.now() - started);

    if (status !== source.expected_status) {
      return down(
        "status",
        `${url} answered ${status} instead of ${source.expected_status}`,
        "major_outage",
        url,
      );
    }
    if (source.keyword && !body.includes(source.keyword)) {
      return down("keyword", `${url} answered without "${source.keyword}"`, "major_outage", url);
    }
    if (latencyMs > source.max_latency_ms) {
      const words = `${url} took ${latencyMs} ms to answer (limit ${source.max_latency_ms} ms)`;
      return down("slow", words, "degraded_performance", url);
    }
    return observed({ state: "operational", upstreamIncidents: [] }, noValidators);
  },
};

/** One stable incident id per kind of failure, so repeated checks do not look like new incidents. */
function down(kind: string, title: string, state: DependencyState, url: string): PollResult {
  return observed(
    { state, upstreamIncidents: [{ id: `http-check-${kind}`, title, url, state }] },
    noValidators,
  );
}
