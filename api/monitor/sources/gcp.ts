import { z } from "zod";
import type { DependencyState } from "../../../db/schema/index.ts";
import { absoluteUrl, joinUrl, observed, parseJson, unreadable } from "./parse-document.ts";
import { politeFetch } from "./poll-fetch.ts";
import { isoDate, nameKey, worstState } from "./states.ts";
import type { SourceAdapter } from "./types.ts";

const defaultBaseUrl = "https://status.cloud.google.com";

const place = z.object({ id: z.string(), title: z.string().nullish(), current_title: z.string().nullish() });
const incidentSchema = z.object({
  id: z.string(),
  begin: z.string().nullish(),
  end: z.string().nullish(),
  external_desc: z.string(),
  status_impact: z.string(),
  severity: z.string().nullish(),
  uri: z.string().nullish(),
  affected_products: z.array(place).nullish(),
  currently_affected_locations: z.array(place).nullish(),
  most_recent_update: z.object({ affected_locations: z.array(place).nullish() }).nullish(),
});
type GcpIncident = z.infer<typeof incidentSchema>;

function gcpState(incident: GcpIncident): DependencyState {
  switch (incident.status_impact) {
    case "SERVICE_OUTAGE":
      return "major_outage";
    case "SERVICE_DISRUPTION":
      return incident.severity === "high" ? "partial_outage" : "degraded_performance";
    case "SERVICE_INFORMATION":
      return "operational";
    default:
      return "degraded_performance";
  }
}

/** Google Cloud's `incidents.json`: an incident is open while its `end` is null. */
export const gcpAdapter: SourceAdapter<"gcp"> = {
  async poll(source, ctx) {
    const baseUrl = source.base_url ?? defaultBaseUrl;
    const url = joinUrl(baseUrl, "/incidents.json");
    const fetched = await politeFetch(url, ctx, { accept: "application/json" });
    if (fetched.kind !== "fetched") return fetched;
    const parsed = parseJson(fetched.bytes, z.array(incidentSchema), "a Google Cloud incident list");
    if (!parsed.ok) return unreadable(url, parsed.error);

    const incidents = parsed.value
      .filter((i) => !i.end && touches(i.affected_products, source.products, false))
      .filter((i) => touches(locationsOf(i), source.locations, true))
      .map((i) => ({
        id: i.id,
        title: i.external_desc,
        url: absoluteUrl(i.uri ?? `incidents/${i.id}`, joinUrl(baseUrl, "/")),
        state: gcpState(i),
        startedAt: isoDate(i.begin),
      }));
    return observed(
      { state: worstState(incidents.map((i) => i.state)), upstreamIncidents: incidents },
      fetched.validators,
    );
  },
};

/** Where an open incident is now; the latest update's list when the current one is empty. */
function locationsOf(incident: GcpIncident) {
  const current = incident.currently_affected_locations ?? [];
  return current.length > 0 ? current : (incident.most_recent_update?.affected_locations ?? []);
}

/**
 * Whether an incident touches what is watched. Matched on the stable id first, then on the title or
 * the current title (Google renames products: "Vertex Gemini API" now shows as "Gemini on Agent
 * Platform"). An incident that lists nothing is kept: we cannot tell it is elsewhere. A `global`
 * location touches every region.
 */
function touches(
  places: z.infer<typeof place>[] | null | undefined,
  wanted: string[] | undefined,
  globalCounts: boolean,
) {
  if (!wanted || wanted.length === 0 || !places || places.length === 0) return true;
  const keys = new Set(wanted.map(nameKey));
  if (places.some((p) => keys.has(nameKey(p.id)) || (globalCounts && p.id === "global"))) return true;
  return places.some(
    (p) => (p.title && keys.has(nameKey(p.title))) || (p.current_title && keys.has(nameKey(p.current_title))),
  );
}
