import { Hono } from "hono";
import { maintenanceCompleteRoutes, maintenanceUpdates } from "../maintenances/complete-routes.tsx";
import { maintenanceEditRoutes } from "../maintenances/edit-routes.tsx";
import { maintenanceList } from "../maintenances/list-routes.tsx";
import { maintenanceScheduleRoutes } from "../maintenances/schedule-routes.tsx";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { incidentCreateRoutes } from "./create-routes.tsx";
import { incidentEditRoutes } from "./edit-routes.tsx";
import { incidentList, listRoutes } from "./list-routes.tsx";
import { postmortemRoutes } from "./postmortem-routes.tsx";
import { previewRenderers } from "./preview-renderers.ts";
import { incidentResolveRoutes, incidentUpdates } from "./resolve-routes.tsx";
import { updateRoutes } from "./update-routes.tsx";

/** Incidents and maintenances: what on-call people post, with a preview of what subscribers get. */
export function incidentRoutes(ctx: ConsoleContext) {
  const renderers = previewRenderers(ctx);
  const app = new Hono<ConsoleEnv>();
  // The fixed paths (/incidents/new, /maintenances/new) come before the `/:id` pages that would take them.
  app.route("/", listRoutes(ctx, incidentList));
  app.route("/", incidentCreateRoutes(ctx, renderers));
  app.route("/", updateRoutes(ctx, renderers, incidentUpdates));
  app.route("/", incidentResolveRoutes(ctx, renderers));
  app.route("/", incidentEditRoutes(ctx));
  app.route("/", postmortemRoutes(ctx));
  app.route("/", listRoutes(ctx, maintenanceList));
  app.route("/", maintenanceScheduleRoutes(ctx, renderers));
  app.route("/", updateRoutes(ctx, renderers, maintenanceUpdates));
  app.route("/", maintenanceCompleteRoutes(ctx));
  app.route("/", maintenanceEditRoutes(ctx));
  return app;
}
