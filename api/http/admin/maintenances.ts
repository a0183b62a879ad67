import { OpenAPIHono } from "@hono/zod-openapi";
import { deleteIncident } from "../../domain/incidents/delete-incident.ts";
import { postUpdate } from "../../domain/incidents/post-update.ts";
import {
  postMaintenanceUpdateInput,
  scheduleMaintenanceInput,
  updateMaintenanceInput,
} from "../../domain/incidents/schemas.ts";
import { scheduleMaintenance } from "../../domain/maintenances/schedule-maintenance.ts";
import { updateMaintenance } from "../../domain/maintenances/update-maintenance.ts";
import { listIncidents } from "../../domain/read/load-page.ts";
import { maintenanceStatusSchema } from "../../domain/schemas.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { listQuery } from "./incidents.ts";
import { adminRoute, idParams, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { incidentSchema, maintenanceListSchema } from "./response-schemas.ts";

const tag = "Maintenances";
const params = idParams("Maintenance", "mnt_8f2k1w0q9z7x3m4n");

export function maintenanceRoutes({ deps, shapes }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  const shape = (id: string) => shapes.incident("maintenance", id);

  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/maintenances",
        tag,
        role: "viewer",
        operationId: "listMaintenances",
        summary: "List maintenances, latest window first",
        request: { query: listQuery(maintenanceStatusSchema) },
        responses: { 200: jsonResponse(maintenanceListSchema, "Maintenances") },
      }),
      async (c) => {
        const q = c.req.valid("query");
        const views = await listIncidents(deps, {
          kind: "maintenance",
          statuses: q.status ? [q.status] : undefined,
          limit: q.limit,
          includeDrafts: q.drafts !== "false",
          order: "scheduled",
        });
        return c.json({ scheduled_maintenances: await shapes.incidents(views) }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/maintenances",
        tag,
        role: "editor",
        operationId: "scheduleMaintenance",
        summary: "Schedule a maintenance",
        request: jsonBody(scheduleMaintenanceInput),
        responses: { 201: jsonResponse(incidentSchema, "The scheduled maintenance") },
      }),
      async (c) => {
        const { maintenance } = await scheduleMaintenance({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("json"),
        });
        return c.json(await shape(maintenance.id), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/maintenances/{id}",
        tag,
        role: "viewer",
        operationId: "getMaintenance",
        summary: "Get a maintenance with all its updates",
        request: { params },
        responses: { 200: jsonResponse(incidentSchema, "The maintenance") },
      }),
      async (c) => c.json(await shape(c.req.valid("param").id), 200),
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/maintenances/{id}",
        tag,
        role: "editor",
        operationId: "updateMaintenance",
        summary: "Change a maintenance's name, window, components or automation",
        request: { params, ...jsonBody(updateMaintenanceInput) },
        responses: { 200: jsonResponse(incidentSchema, "The maintenance after the change") },
      }),
      async (c) => {
        const row = await updateMaintenance({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(await shape(row.id), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/maintenances/{id}",
        tag,
        role: "editor",
        operationId: "deleteMaintenance",
        summary: "Delete a maintenance",
        request: { params },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteIncident({
          ctx: { deps, actor: c.get("actor") },
          input: { kind: "maintenance", id: c.req.valid("param").id },
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/maintenances/{id}/updates",
        tag,
        role: "editor",
        operationId: "postMaintenanceUpdate",
        summary: "Post an update: scheduled, in_progress, verifying or completed",
        request: { params, ...jsonBody(postMaintenanceUpdateInput) },
        responses: { 201: jsonResponse(incidentSchema, "The maintenance with the new update first") },
      }),
      async (c) => {
        const { incident } = await postUpdate({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), kind: "maintenance", id: c.req.valid("param").id },
        });
        return c.json(await shape(incident.id), 201);
      },
    );
}
