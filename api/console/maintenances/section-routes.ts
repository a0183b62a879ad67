import { Hono } from "hono";
import { listRoutes } from "../incidents/list-routes.tsx";
import type { PreviewRenderers } from "../incidents/preview-renderers.ts";
import { updateRoutes } from "../incidents/update-routes.tsx";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { maintenanceCompleteRoutes, maintenanceUpdates } from "./complete-routes.tsx";
import { maintenanceEditRoutes } from "./edit-routes.tsx";
import { maintenanceList } from "./list-routes.tsx";
import { maintenanceScheduleRoutes } from "./schedule-routes.tsx";

/** Maintenances: scheduling one with a preview, updates, completing, changing the plan. */
export function maintenanceSectionRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  // The fixed path /maintenances/new comes before the `/:id` pages that would take it.
  app.route("/", listRoutes(ctx, maintenanceList));
  app.route("/", maintenanceScheduleRoutes(ctx, renderers));
  app.route("/", updateRoutes(ctx, renderers, maintenanceUpdates));
  app.route("/", maintenanceCompleteRoutes(ctx));
  app.route("/", maintenanceEditRoutes(ctx));
  return app;
}
