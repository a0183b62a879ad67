import { z } from "zod";

/** The fields of a Statuspage v2 `summary.json` (or incident.io's compatible one) that we read. */

const text = z.string().nullish();

export const summaryComponentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  group: z.boolean().nullish(),
  group_id: text,
  /** Child ids, on group rows only. */
  components: z.array(z.string()).nullish(),
});

export const summaryIncidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  impact: z.string().nullish(),
  shortlink: text,
  url: text,
  started_at: text,
  created_at: text,
  scheduled_for: text,
  components: z.array(z.object({ id: z.string() })).nullish(),
});

/**
 * incident.io pages leave both lists out (or send null) when nothing is open, and may leave out the
 * maintenances while an incident is open: a list that is not there is an empty one.
 */
const incidentList = z
  .array(summaryIncidentSchema)
  .nullish()
  .transform((list) => list ?? []);

export const summarySchema = z.object({
  page: z.object({ url: text }).nullish(),
  status: z.object({ indicator: z.string() }).nullish(),
  components: z.array(summaryComponentSchema),
  incidents: incidentList,
  scheduled_maintenances: incidentList,
});

export type SummaryComponent = z.infer<typeof summaryComponentSchema>;
export type SummaryIncident = z.infer<typeof summaryIncidentSchema>;
export type Summary = z.infer<typeof summarySchema>;
