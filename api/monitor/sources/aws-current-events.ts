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
  }),
);

export type CurrentEvent = z.infer<typeof currentEventsSchema>[number];

/** Events of the watched service-region, or of `multipleservices-<region>`, that are still open. */
export function currentEventIncidents(
  events: CurrentEvent[],
  keys: string[],
  dashboardUrl: string,
): UpstreamIncident[] {
  const incidents: UpstreamIncident[] = [];
  for (const event of events) {
    const state = awsStatusCodeState(event.status);
    if (!keys.includes(event.service.toLowerCase()) || state === "closed" || event.end_time) continue;
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
