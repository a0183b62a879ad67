import { Hono } from "hono";
import type { ConsoleContext, ConsoleEnv } from "../console-env.ts";
import { incidentCreateRoutes } from "./incidents/incident-create-routes.tsx";
import { incidentDetailRoutes } from "./incidents/incident-detail-routes.tsx";
import { incidentEditRoutes } from "./incidents/incident-edit-routes.tsx";
import { incidentListRoutes } from "./incidents/incident-list-routes.tsx";
import { maintenanceDetailRoutes } from "./incidents/maintenance-detail-routes.tsx";
import { maintenanceEditRoutes } from "./incidents/maintenance-edit-routes.tsx";
import { maintenanceListRoutes } from "./incidents/maintenance-list-routes.tsx";
import { maintenanceScheduleRoutes } from "./incidents/maintenance-schedule-routes.tsx";
import { postmortemRoutes } from "./incidents/postmortem-routes.tsx";
import { previewRenderers } from "./incidents/preview-renderers.ts";

/** Incidents and maintenances: what on-call people post, with a preview of what subscribers get. */
export function incidentRoutes(ctx: ConsoleContext) {
  const renderers = previewRenderers(ctx);
  const app = new Hono<ConsoleEnv>();
  // The fixed paths (/incidents/new, /maintenances/new) come before the `/:id` pages that would take them.
  app.route("/", incidentListRoutes(ctx));
  app.route("/", incidentCreateRoutes(ctx, renderers));
  app.route("/", incidentDetailRoutes(ctx, renderers));
  app.route("/", incidentEditRoutes(ctx));
  app.route("/", postmortemRoutes(ctx));
  app.route("/", maintenanceListRoutes(ctx));
  app.route("/", maintenanceScheduleRoutes(ctx, renderers));
  app.route("/", maintenanceDetailRoutes(ctx, renderers));
  app.route("/", maintenanceEditRoutes(ctx));
  return app;
}
