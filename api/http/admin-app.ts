import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { routePath } from "hono/route";
import { consoleRoutes } from "../console/console-app.ts";
import { type AdminEnv, bearerAuth } from "../web/auth.ts";
import { clientAddresses } from "../web/client-address.ts";
import { errorBody, onError } from "../web/errors.ts";
import { adminShapes } from "./admin/admin-shapes.ts";
import { backupRoutes } from "./admin/backups.ts";
import { componentRoutes } from "./admin/components.ts";
import { demoRoutes } from "./admin/demo.ts";
import { dependencyRoutes } from "./admin/dependencies.ts";
import { dependencyMapRoutes } from "./admin/dependency-map.ts";
import { endpointRoutes } from "./admin/endpoints.ts";
import { incidentRoutes } from "./admin/incidents.ts";
import { maintenanceRoutes } from "./admin/maintenances.ts";
import { notificationRoutes } from "./admin/notifications.ts";
import { oncallContactRoutes } from "./admin/oncall-contacts.ts";
import { settingsRoutes } from "./admin/settings.ts";
import { siteRoutes } from "./admin/site.ts";
import { templateRoutes } from "./admin/templates.ts";
import type { AppOptions } from "./app.ts";
import { type OuterEnv, outerContext } from "./lazy-app.ts";
import { reportRoute } from "./metrics/http-metrics.ts";
import { documentPublicRoutes, publicTag } from "./public/public-openapi.ts";
import { defaultHook } from "./validation.ts";

/**
 * The console (`/admin`), the admin API (`/api/admin`) and the OpenAPI document: what only the
 * page's admins use, loaded by app.ts on the first request for one of them. Between them they are
 * most of the server's routes and schemas, which an idle server would otherwise hold in memory.
 * Requests arrive here through the main app, once its metrics and client-address middleware ran.
 */
export function createAdminApp({
  deps,
  publicUrl,
  adminUrl,
  rebuildSite,
  templates,
  version = "0.1.0",
  hashParams,
  providers,
  trustedProxies = 0,
  publishPolicy,
  sendTestEmail,
  backUpNow,
}: AppOptions) {
  const app = new Hono<OuterEnv>();
  // The main app counts the request; the pattern that answered is only known here.
  app.use("*", async (c, next) => {
    try {
      await next();
    } finally {
      const outer = outerContext(c);
      if (outer) reportRoute(outer, routePath(c));
    }
  });
  // The main app already warned about an ignored X-Forwarded-For.
  app.use("*", clientAddresses(trustedProxies));
  app.onError(onError(deps.logger));
  app.notFound((c) =>
    c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}. See /api/openapi.json.`), 404),
  );
  app.route(
    "/admin",
    consoleRoutes({
      deps,
      publicUrl,
      consoleUrl: adminUrl,
      hashParams,
      templates,
      rebuildSite,
      providers,
      publishPolicy,
      sendTestEmail,
    }),
  );

  const shapes = adminShapes(deps, publicUrl);
  const admin = new OpenAPIHono<AdminEnv>({ defaultHook });
  admin.use(
    "*",
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) =>
        c.json(errorBody("payload_too_large", "The request body is too large (limit 1 MB)."), 413),
    }),
  );
  admin.use("*", bearerAuth(deps));
  admin.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token from `npm run vigie -- token create` or POST /api/admin/tokens",
  });
  const context = { deps, shapes, publishPolicy };
  admin.route("/", componentRoutes(context));
  admin.route("/", incidentRoutes(context));
  admin.route("/", maintenanceRoutes(context));
  admin.route("/", settingsRoutes(context));
  admin.route("/", demoRoutes(context));
  admin.route("/", siteRoutes({ ...context, rebuild: rebuildSite }));
  admin.route("/", notificationRoutes(context));
  if (templates) admin.route("/", templateRoutes({ ...context, renderer: templates }));
  admin.route("/", dependencyRoutes(context));
  admin.route("/", dependencyMapRoutes(context));
  admin.route("/", oncallContactRoutes(context));
  admin.route("/", endpointRoutes(context));
  admin.route("/", backupRoutes({ ...context, backUpNow }));

  const api = new OpenAPIHono();
  api.route("/api/admin", admin);
  documentPublicRoutes(api);
  api.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Vigie admin API",
      version,
      description:
        "Manage components, incidents, maintenances, settings and tokens of a Vigie status page. The public, Statuspage v2 compatible API is under /api/v2 (tag Public, no token).",
      license: { name: "AGPL-3.0-only", url: "https://www.gnu.org/licenses/agpl-3.0.html" },
    },
    servers: [{ url: adminUrl ?? publicUrl }],
    tags: [
      { name: "Components", description: "Components and groups shown on the page" },
      { name: "Incidents", description: "Incidents and their updates" },
      { name: "Maintenances", description: "Scheduled maintenances" },
      { name: "Settings", description: "The page itself" },
      { name: "Tokens", description: "API tokens" },
      { name: "Audit", description: "The audit log" },
      { name: "Site", description: "The static status page: builds and publishing" },
      { name: "Backups", description: "Automatic backups and where they went" },
      { name: "Notifications", description: "What became of the emails sent to subscribers" },
      { name: "Templates", description: "Email templates admins can edit" },
      publicTag,
      {
        name: "Dependencies",
        description: "Providers we depend on, what their outages break, and who is alerted (not public)",
      },
    ],
  });
  app.route("/", api);
  return app;
}
