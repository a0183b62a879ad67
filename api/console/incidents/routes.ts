import { Hono } from "hono";
import { maintenanceDetailRoutes } from "../maintenances/detail-routes.tsx";
import { maintenanceEditRoutes } from "../maintenances/edit-routes.tsx";
import { maintenanceListRoutes } from "../maintenances/list-routes.tsx";
import { maintenanceScheduleRoutes } from "../maintenances/schedule-routes.tsx";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { incidentCreateRoutes } from "./create-routes.tsx";
import { incidentDetailRoutes } from "./detail-routes.tsx";
import { incidentEditRoutes } from "./edit-routes.tsx";
import { incidentListRoutes } from "./list-routes.tsx";
import { postmortemRoutes } from "./postmortem-routes.tsx";
import { previewRenderers } from "./preview-renderers.ts";

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
