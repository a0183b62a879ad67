import { Hono } from "hono";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { incidentCreateRoutes } from "./create-routes.tsx";
import { incidentEditRoutes } from "./edit-routes.tsx";
import { incidentList, listRoutes } from "./list-routes.tsx";
import { postmortemRoutes } from "./postmortem-routes.tsx";
import type { PreviewRenderers } from "./preview-renderers.ts";
import { incidentResolveRoutes, incidentUpdates } from "./resolve-routes.tsx";
import { updateRoutes } from "./update-routes.tsx";

/** Incidents: opening one with a preview of what subscribers get, updates, resolving, the postmortem. */
export function incidentSectionRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  // The fixed path /incidents/new comes before the `/:id` pages that would take it.
  app.route("/", listRoutes(ctx, incidentList));
  app.route("/", incidentCreateRoutes(ctx, renderers));
  app.route("/", updateRoutes(ctx, renderers, incidentUpdates));
  app.route("/", incidentResolveRoutes(ctx, renderers));
  app.route("/", incidentEditRoutes(ctx));
  app.route("/", postmortemRoutes(ctx));
  return app;
}
