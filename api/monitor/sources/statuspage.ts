import type { UpstreamIncident } from "../../../db/schema/index.ts";
import { absoluteUrl, joinUrl, observed, parseJson, unreadable } from "./parse-document.ts";
import { politeFetch } from "./poll-fetch.ts";
import { fromComponentStatus, fromImpact, isoDate, worstState } from "./states.ts";
import { type Summary, type SummaryIncident, summarySchema } from "./statuspage-summary.ts";
import { type Watch, watchedComponents } from "./statuspage-watch.ts";
import type { SourceAdapter } from "./types.ts";

/** Unresolved incidents and maintenances actually under way; upcoming ones change nothing yet. */
const openStatuses = new Set(["investigating", "identified", "monitoring", "in_progress", "verifying"]);
const maintenanceStatuses = new Set(["in_progress", "verifying"]);

/**
 * Any Atlassian Statuspage, or a page that speaks its v2 API (incident.io hosted pages do). The state
 * is the worst of the watched components' statuses; the page's overall indicator is only a fallback
 * because it can disagree with them (and would count components we do not watch).
 */
export const statuspageAdapter: SourceAdapter<"statuspage"> = {
  async poll(source, ctx) {
    const url = joinUrl(source.base_url, "/api/v2/summary.json");
    const fetched = await politeFetch(url, ctx, { accept: "application/json" });
    if (fetched.kind !== "fetched") return fetched;
    const parsed = parseJson(fetched.bytes, summarySchema, "a Statuspage summary");
    if (!parsed.ok) return unreadable(url, parsed.error);
    const summary = parsed.value;

    const watch = watchedComponents(summary.components, source);
    if (watch.kind === "nothing") {
      return unreadable(
        url,
        `none of the watched components or groups is on the page: ${watch.wanted.join(", ")}`,
      );
    }
    const watched = summary.components.filter((c) => watch.kind === "components" && watch.ids.has(c.id));
    const state =
      watch.kind === "indicator"
        ? fromImpact(summary.status?.indicator ?? "")
        : worstState(watched.map((c) => fromComponentStatus(c.status)));
    const odd = watched.find((c) => fromComponentStatus(c.status) === "unknown");
    const error =
      state !== "unknown"
        ? undefined
        : odd
          ? `component "${odd.name}" has a status we do not know: ${odd.status}`
          : "the page lists no components and no known overall status";
    const pageUrl = absoluteUrl(summary.page?.url, source.base_url) ?? source.base_url;
    const upstreamIncidents = openIncidents(summary, watch, pageUrl);
    return observed(
      error ? { state, upstreamIncidents, error } : { state, upstreamIncidents },
      fetched.validators,
    );
  },
};

function openIncidents(summary: Summary, watch: Watch, pageUrl: string): UpstreamIncident[] {
  const incidents = [...summary.incidents, ...summary.scheduled_maintenances];
  return incidents
    .filter((incident) => openStatuses.has(incident.status) && concerns(incident, watch))
    .map((incident) => ({
      id: incident.id,
      title: incident.name,
      url:
        absoluteUrl(incident.shortlink, pageUrl) ??
        absoluteUrl(incident.url, pageUrl) ??
        joinUrl(pageUrl, `/incidents/${encodeURIComponent(incident.id)}`),
      state: maintenanceStatuses.has(incident.status)
        ? "under_maintenance"
        : fromImpact(incident.impact ?? ""),
      startedAt: isoDate(incident.started_at ?? incident.created_at ?? incident.scheduled_for),
    }));
}

/** An incident that names no component may well be ours: keep it rather than hide it. */
function concerns(incident: SummaryIncident, watch: Watch): boolean {
  if (watch.kind !== "components" || !incident.components || incident.components.length === 0) return true;
  return incident.components.some((c) => watch.ids.has(c.id));
}
