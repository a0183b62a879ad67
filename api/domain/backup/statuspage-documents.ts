import { z } from "zod";
import { DomainError } from "../errors.ts";

/**
 * The parts of Atlassian Statuspage's public v2 documents an import reads. Lenient on purpose:
 * vendors add fields and leave optional ones out; what matters is checked when rows are built.
 */
const text = z.string().nullish();
const flag = z.boolean().nullish();

const componentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  description: text,
  position: z.number().int().nullish(),
  showcase: flag,
  only_show_if_degraded: flag,
  start_date: text,
  group: flag,
  group_id: text,
  created_at: text,
  updated_at: text,
});

const updateSchema = z.object({
  id: text,
  status: z.string(),
  body: text,
  created_at: z.string(),
  updated_at: text,
  display_at: text,
  deliver_notifications: flag,
  /** `null`, restated statuses, or a placeholder without `code` ("No components were affected"). */
  affected_components: z
    .array(z.object({ code: text, old_status: text, new_status: text }).passthrough())
    .nullish(),
});

const incidentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  impact: text,
  impact_override: text,
  created_at: z.string(),
  updated_at: text,
  started_at: text,
  monitoring_at: text,
  resolved_at: text,
  backfilled: flag,
  scheduled_for: text,
  scheduled_until: text,
  scheduled_remind_prior: flag,
  scheduled_reminded_at: text,
  scheduled_auto_in_progress: flag,
  scheduled_auto_completed: flag,
  postmortem_body: text,
  postmortem_body_last_updated_at: text,
  postmortem_published_at: text,
  incident_updates: z.array(updateSchema).nullish(),
  components: z.array(z.object({ id: z.string() }).passthrough()).nullish(),
});

export const statuspageDocumentSchemas = {
  summary: z.object({
    page: z.object({ id: z.string().min(1), name: z.string(), time_zone: text }),
    incidents: z.array(incidentSchema).nullish(),
    scheduled_maintenances: z.array(incidentSchema).nullish(),
  }),
  components: z.object({ components: z.array(componentSchema) }),
  incidents: z.object({ incidents: z.array(incidentSchema) }),
  maintenances: z.object({ scheduled_maintenances: z.array(incidentSchema) }),
};

export type StatuspageDocumentKind = keyof typeof statuspageDocumentSchemas;
export type StatuspageComponent = z.infer<typeof componentSchema>;
export type StatuspageIncident = z.infer<typeof incidentSchema>;
export type StatuspageUpdate = z.infer<typeof updateSchema>;

export interface StatuspagePage {
  summary: z.infer<(typeof statuspageDocumentSchemas)["summary"]>;
  components: z.infer<(typeof statuspageDocumentSchemas)["components"]>;
  incidents: z.infer<(typeof statuspageDocumentSchemas)["incidents"]>;
  maintenances: z.infer<(typeof statuspageDocumentSchemas)["maintenances"]>;
}

/** Checks one fetched document; the message names the URL and the first field that does not fit. */
export function parseStatuspageDocument<K extends StatuspageDocumentKind>(
  kind: K,
  value: unknown,
  url: string,
): StatuspagePage[K] {
  const parsed = statuspageDocumentSchemas[kind].safeParse(value);
  if (parsed.success) return parsed.data as StatuspagePage[K];
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length ? issue.path.join(".") : "the document";
  throw new DomainError(
    "invalid_input",
    `${url} is not a Statuspage v2 document: ${path}: ${issue.message}. Give the base URL of a Statuspage (or compatible) page.`,
  );
}
