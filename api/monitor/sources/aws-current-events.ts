import { z } from "zod";
import type { UpstreamIncident } from "../../../db/schema/index.ts";
import { awsStatusCodeState } from "./aws-states.ts";

/** The AWS Health Dashboard's current-events JSON (undocumented; see aws-states.ts for `status`). */
export const currentEventsSchema = z.array(
  z.object({
    service: z.string(),
    status: z.union([z.string(), z.number()]).transform(String),
    summary: z.string().nullish(),
    service_name: z.string().nullish(),
    date: z.union([z.string(), z.number()]).nullish(),
    arn: z.string().nullish(),
    end_time: z.union([z.string(), z.number()]).nullish(),
    /** Other service-region keys the event touches, each with its own current status code. */
    impacted_services: z
      .record(
        z.string(),
        z.object({ current: z.union([z.string(), z.number()]).transform(String).nullish() }),
      )
      .nullish(),
  }),
);

export type CurrentEvent = z.infer<typeof currentEventsSchema>[number];

/**
 * Events still open that concern the watched service-region: filed under it or under
 * `multipleservices-<region>`, or filed under another service while listing it among the services
 * they impact (an Internet Connectivity event impacting EC2), then at that service's own status.
 */
export function currentEventIncidents(
  events: CurrentEvent[],
  keys: string[],
  dashboardUrl: string,
): UpstreamIncident[] {
  const incidents: UpstreamIncident[] = [];
  for (const event of events) {
    if (event.end_time || awsStatusCodeState(event.status) === "closed") continue;
    const own = keys.includes(event.service.toLowerCase());
    const impacted = own
      ? undefined
      : Object.entries(event.impacted_services ?? {}).find(([key]) => keys.includes(key.toLowerCase()));
    if (!own && !impacted) continue;
    const state = awsStatusCodeState(impacted?.[1].current ?? event.status);
    if (state === "closed") continue;
    const epoch = Number(event.date);
    incidents.push({
      id: event.arn ?? `${event.service}_${event.date ?? ""}`,
      title: event.summary ?? event.service_name ?? event.service,
      url: dashboardUrl,
      state,
      startedAt: Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000).toISOString() : undefined,
    });
  }
  return incidents;
}
