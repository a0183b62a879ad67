import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { impactSchema, localeSchema, maintenanceStatusSchema } from "../../domain/schemas.ts";
import { endpointChannels } from "../../domain/subscribers/channel-specs.ts";
import { subscribeInput } from "../../domain/subscribers/schemas.ts";
import { errorSchema } from "../admin/openapi-helpers.ts";
import { componentSchema, incidentUpdateSchema } from "../admin/response-schemas.ts";

/**
 * Documentation only, of routes served by plain Hono handlers (statuspage-v2.ts, subscribe-route.ts):
 * registering the paths adds them to `/api/openapi.json` without changing what they do.
 */

const timestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: "ISO 8601 with the page's offset", example: "2026-11-27T14:00:00.000+01:00" });

const pageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: timestamp,
  })
  .meta({ id: "PublicPage" });

const statusSchema = z
  .object({
    indicator: z.enum(["none", "minor", "major", "critical", "maintenance"]),
    description: z.string().meta({ example: "All Systems Operational" }),
  })
  .meta({ id: "PublicStatus" });

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  monitoring_at: timestamp.nullable(),
  resolved_at: timestamp.nullable(),
  shortlink: z.string().meta({ description: "The item's page on the status page" }),
  started_at: timestamp,
  page_id: z.string(),
  incident_updates: z.array(incidentUpdateSchema),
  components: z.array(componentSchema),
  reminder_intervals: z.null(),
};

const publicIncidentSchema = z
  .object({
    ...incidentFields,
    status: z.enum(["investigating", "identified", "monitoring", "resolved", "postmortem"]),
    impact: impactSchema,
  })
  .meta({ id: "PublicIncident" });

const publicMaintenanceSchema = z
  .object({
    ...incidentFields,
    status: maintenanceStatusSchema,
    impact: z.literal("maintenance"),
    scheduled_for: timestamp.nullable(),
    scheduled_until: timestamp.nullable(),
    scheduled_remind_prior: z.boolean(),
    scheduled_reminded_at: timestamp.nullable(),
    scheduled_auto_in_progress: z.boolean(),
    scheduled_auto_completed: z.boolean(),
  })
  .meta({ id: "PublicMaintenance" });

const documents = {
  "/summary.json": {
    id: "getSummary",
    summary: "Everything at once: page, components, open incidents, maintenances, status",
    schema: z.object({
      page: pageSchema,
      components: z.array(componentSchema),
      incidents: z.array(publicIncidentSchema),
      scheduled_maintenances: z.array(publicMaintenanceSchema),
      status: statusSchema,
    }),
  },
  "/status.json": {
    id: "getStatus",
    summary: "The page's overall status",
    schema: z.object({ page: pageSchema, status: statusSchema }),
  },
  "/components.json": {
    id: "getComponents",
    summary: "Every component and group",
    schema: z.object({ page: pageSchema, components: z.array(componentSchema) }),
  },
  "/incidents.json": {
    id: "getIncidents",
    summary: "The latest incidents",
    schema: z.object({ page: pageSchema, incidents: z.array(publicIncidentSchema) }),
  },
  "/incidents/unresolved.json": {
    id: "getUnresolvedIncidents",
    summary: "The incidents still open",
    schema: z.object({ page: pageSchema, incidents: z.array(publicIncidentSchema) }),
  },
  "/scheduled-maintenances.json": {
    id: "getMaintenances",
    summary: "The latest maintenances",
    schema: z.object({ page: pageSchema, scheduled_maintenances: z.array(publicMaintenanceSchema) }),
  },
  "/scheduled-maintenances/upcoming.json": {
    id: "getUpcomingMaintenances",
    summary: "The maintenances still to come",
    schema: z.object({ page: pageSchema, scheduled_maintenances: z.array(publicMaintenanceSchema) }),
  },
  "/scheduled-maintenances/active.json": {
    id: "getActiveMaintenances",
    summary: "The maintenances in progress or being verified",
    schema: z.object({ page: pageSchema, scheduled_maintenances: z.array(publicMaintenanceSchema) }),
  },
};

export const publicTag = {
  name: "Public",
  description: "Statuspage v2 compatible documents and subscribing; no token",
};

export function documentPublicRoutes(api: OpenAPIHono) {
  for (const [path, { id, summary, schema }] of Object.entries(documents)) {
    api.openAPIRegistry.registerPath({
      method: "get",
      path: `/api/v2${path}`,
      tags: [publicTag.name],
      operationId: id,
      summary,
      description: `${summary}, in the shape of Statuspage's public API v2. No token; open to any origin (CORS). Answers 304 to a matching If-None-Match.`,
      security: [],
      request: {
        query: z.object({
          locale: localeSchema.optional().meta({
            param: { name: "locale", in: "query" },
            description: "Incident text in this language where a translation exists",
          }),
        }),
      },
      responses: {
        200: { description: summary, content: { "application/json": { schema } } },
        304: { description: "Not modified since the ETag sent in If-None-Match" },
      },
    });
  }
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: errorSchema } },
  });
  api.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/subscribers",
    tags: [publicTag.name],
    operationId: "subscribe",
    summary: "Subscribe to updates by email, SMS, webhook or chat",
    description:
      "No token. Email and SMS subscriptions are confirmed by the link or code sent (202); webhook and chat endpoints are created at once (201) with their management link, and a webhook's signing secret, shown this once. Also takes the status page's form (application/x-www-form-urlencoded), answering with a page.",
    security: [],
    request: { body: { content: { "application/json": { schema: subscribeInput } }, required: true } },
    responses: {
      201: {
        description: "A webhook or chat endpoint, subscribed",
        content: {
          "application/json": {
            schema: z.object({
              id: z.string(),
              channel: z.enum(endpointChannels),
              url: z.string(),
              state: z.string(),
              secret: z.string().optional().meta({ description: "Webhooks: the signing secret, shown once" }),
              manageToken: z.string(),
              manageUrl: z.string(),
              unsubscribeUrl: z.string(),
              message: z.string(),
            }),
          },
        },
      },
      202: {
        description: "Email or SMS: a confirmation was sent",
        content: {
          "application/json": {
            schema: z.object({
              message: z.string(),
              verify: z.string().optional().meta({ description: "SMS: where to post the code" }),
            }),
          },
        },
      },
      400: error("Malformed body, or invalid fields (the message names each one)"),
      409: error("Already subscribed"),
      422: error("Refused, e.g. an unknown component or a webhook URL that is not allowed"),
      429: error("Too many subscriptions from this network or to this address; Retry-After says when"),
    },
  });
}
