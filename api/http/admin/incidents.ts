import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { addPostmortem } from "../../domain/incidents/add-postmortem.ts";
import { createIncident } from "../../domain/incidents/create-incident.ts";
import { deleteIncident } from "../../domain/incidents/delete-incident.ts";
import { postUpdate } from "../../domain/incidents/post-update.ts";
import { publishIncident } from "../../domain/incidents/publish-incident.ts";
import { resolveIncident } from "../../domain/incidents/resolve-incident.ts";
import {
  createIncidentInput,
  postIncidentUpdateInput,
  postmortemInput,
  publishIncidentInput,
  resolveIncidentInput,
  updateIncidentInput,
} from "../../domain/incidents/schemas.ts";
import { updateIncident } from "../../domain/incidents/update-incident.ts";
import { listIncidents } from "../../domain/read/load-page.ts";
import { incidentStatusSchema } from "../../domain/schemas.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, idParams, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { incidentListSchema, incidentSchema } from "./response-schemas.ts";

const tag = "Incidents";
const params = idParams("Incident", "inc_8f2k1w0q9z7x3m4n");

export const listQuery = <T extends z.ZodType>(status: T) =>
  z.object({
    status: status.optional().meta({ description: "Only this status" }),
    limit: z.coerce
      .number({ error: "must be a whole number from 1 to 500" })
      .int()
      .min(1)
      .max(500)
      .default(50)
      .meta({ description: "At most this many (default 50)" }),
    drafts: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "Include unpublished drafts (default true)" }),
  });

export function incidentRoutes({ deps, shapes }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  const shape = (id: string) => shapes.incident("incident", id);

  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/incidents",
        tag,
        role: "viewer",
        operationId: "listIncidents",
        summary: "List incidents, newest first",
        request: {
          query: listQuery(incidentStatusSchema).extend({
            published: z
              .enum(["true", "false"])
              .optional()
              .meta({ description: "Only published incidents (true) or only drafts (false)" }),
          }),
        },
        responses: { 200: jsonResponse(incidentListSchema, "Incidents") },
      }),
      async (c) => {
        const q = c.req.valid("query");
        const views = await listIncidents(deps, {
          kind: "incident",
          statuses: q.status ? [q.status] : undefined,
          limit: q.limit,
          includeDrafts: q.drafts !== "false",
          published: q.published === undefined ? undefined : q.published === "true",
        });
        return c.json({ incidents: await shapes.incidents(views) }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/incidents",
        tag,
        role: "editor",
        operationId: "createIncident",
        summary: "Open an incident (or record a past one with backfilled_at)",
        request: jsonBody(createIncidentInput),
        responses: { 201: jsonResponse(incidentSchema, "The new incident") },
      }),
      async (c) => {
        const { incident } = await createIncident({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("json"),
        });
        return c.json(await shape(incident.id), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/incidents/{id}",
        tag,
        role: "viewer",
        operationId: "getIncident",
        summary: "Get an incident with all its updates",
        request: { params },
        responses: { 200: jsonResponse(incidentSchema, "The incident") },
      }),
      async (c) => c.json(await shape(c.req.valid("param").id), 200),
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/incidents/{id}",
        tag,
        role: "editor",
        operationId: "updateIncident",
        summary: "Rename an incident or override its impact",
        request: { params, ...jsonBody(updateIncidentInput) },
        responses: { 200: jsonResponse(incidentSchema, "The incident after the change") },
      }),
      async (c) => {
        const row = await updateIncident({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(await shape(row.id), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/incidents/{id}",
        tag,
        role: "editor",
        operationId: "deleteIncident",
        summary: "Delete an incident and its updates",
        request: { params },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteIncident({
          ctx: { deps, actor: c.get("actor") },
          input: { kind: "incident", id: c.req.valid("param").id },
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/incidents/{id}/updates",
        tag,
        role: "editor",
        operationId: "postIncidentUpdate",
        summary: "Post an update: new status, body, component changes",
        request: { params, ...jsonBody(postIncidentUpdateInput) },
        responses: { 201: jsonResponse(incidentSchema, "The incident with the new update first") },
      }),
      async (c) => {
        const { incident } = await postUpdate({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), kind: "incident", id: c.req.valid("param").id },
        });
        return c.json(await shape(incident.id), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/incidents/{id}/resolve",
        tag,
        role: "editor",
        operationId: "resolveIncident",
        summary: "Resolve an incident; its components go back to operational unless given",
        request: {
          params,
          body: { content: { "application/json": { schema: resolveIncidentInput } }, required: false },
        },
        responses: { 200: jsonResponse(incidentSchema, "The resolved incident") },
      }),
      async (c) => {
        const { incident } = await resolveIncident({
          ctx: { deps, actor: c.get("actor") },
          input: { ...(c.req.valid("json") ?? {}), id: c.req.valid("param").id },
        });
        return c.json(await shape(incident.id), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/incidents/{id}/publish",
        tag,
        role: "editor",
        operationId: "publishIncident",
        summary: "Publish a draft incident, optionally edited; its subscribers are notified by default",
        request: {
          params,
          body: { content: { "application/json": { schema: publishIncidentInput } }, required: false },
        },
        responses: { 200: jsonResponse(incidentSchema, "The published incident") },
      }),
      async (c) => {
        const row = await publishIncident({
          ctx: { deps, actor: c.get("actor") },
          input: { ...(c.req.valid("json") ?? {}), id: c.req.valid("param").id },
        });
        return c.json(await shape(row.id), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "put",
        path: "/incidents/{id}/postmortem",
        tag,
        role: "editor",
        operationId: "putPostmortem",
        summary: "Write (and by default publish) the postmortem of a resolved incident",
        request: { params, ...jsonBody(postmortemInput) },
        responses: { 200: jsonResponse(incidentSchema, "The incident with its postmortem") },
      }),
      async (c) => {
        const row = await addPostmortem({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(await shape(row.id), 200);
      },
    );
}
