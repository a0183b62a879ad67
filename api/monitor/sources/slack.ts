import { z } from "zod";
import type { DependencyState } from "../../../db/schema/index.ts";
import { absoluteUrl, joinUrl, observed, parseJson, unreadable } from "./parse-document.ts";
import { politeFetch } from "./poll-fetch.ts";
import { isoDate, nameKey, worstState } from "./states.ts";
import type { SourceAdapter } from "./types.ts";

const defaultBaseUrl = "https://slack-status.com";

const currentSchema = z.object({
  status: z.string(),
  active_incidents: z.array(
    z.object({
      id: z.union([z.number(), z.string()]).transform(String),
      title: z.string(),
      type: z.string(),
      status: z.string().nullish(),
      url: z.string().nullish(),
      date_created: z.string().nullish(),
      services: z.array(z.string()).nullish(),
    }),
  ),
});

/** Slack says how bad an issue is only through its type. */
function slackState(type: string): DependencyState {
  switch (type) {
    case "outage":
      return "major_outage";
    case "incident":
      return "partial_outage";
    case "notice":
      return "operational";
    default:
      return "degraded_performance";
  }
}

/** Slack's own status API (`/api/v2.0.0/current`), narrowed to some of its services. */
export const slackAdapter: SourceAdapter<"slack"> = {
  async poll(source, ctx) {
    const baseUrl = source.base_url ?? defaultBaseUrl;
    const url = joinUrl(baseUrl, "/api/v2.0.0/current");
    const fetched = await politeFetch(url, ctx, { accept: "application/json" });
    if (fetched.kind !== "fetched") return fetched;
    const parsed = parseJson(fetched.bytes, currentSchema, "a Slack status document");
    if (!parsed.ok) return unreadable(url, parsed.error);

    const watched = new Set((source.services ?? []).map(nameKey));
    const incidents = parsed.value.active_incidents
      .filter((issue) => issue.status !== "resolved")
      .filter((issue) => {
        const services = issue.services ?? [];
        // An issue that names no service may be about any of them.
        return watched.size === 0 || services.length === 0 || services.some((s) => watched.has(nameKey(s)));
      })
      .map((issue) => ({
        id: issue.id,
        title: issue.title,
        url: absoluteUrl(issue.url, baseUrl),
        state: slackState(issue.type),
        startedAt: isoDate(issue.date_created),
      }));
    return observed(
      { state: worstState(incidents.map((i) => i.state)), upstreamIncidents: incidents },
      fetched.validators,
    );
  },
};
