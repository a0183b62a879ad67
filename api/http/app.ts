import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../domain/context.ts";
import type { PublishTargetPolicy } from "../domain/settings/publish-target-policy.ts";
import type { HashParams } from "../domain/users/password-hash.ts";
import type { TemplateRenderer } from "../notifier/templates/index.ts";
import type { TestEmailSender } from "../notifier/test-email.ts";
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
import { clientAddresses } from "./client-address.ts";
import { consoleRoutes } from "./console/console-app.ts";
import type { ProviderStatus } from "./console/console-env.ts";
import { errorBody, onError } from "./errors.ts";
import { createMetrics, type MetricsOptions } from "./metrics/metrics-routes.ts";
import { type AdminEnv, bearerAuth } from "./middleware/auth.ts";
import { cardsApi } from "./public/cards-api.ts";
import { publicFastPath, withFastPath } from "./public/public-fast-path.ts";
import { documentPublicRoutes, publicTag } from "./public/public-openapi.ts";
import { siteApi } from "./public/site-api.ts";
import { publicApi } from "./public/statuspage-v2.ts";
import { readinessRoutes } from "./readiness.ts";
import { builtFrame, noFrame } from "./subscribers/page-frame.ts";
import { subscriberRoutes } from "./subscribers/subscriber-routes.ts";
import { defaultHook } from "./validation.ts";
import { resendWebhookRoutes } from "./webhooks/resend-webhook.ts";
import { twilioWebhookRoutes } from "./webhooks/twilio-webhooks.ts";

export interface AppOptions {
  deps: Deps;
  publicUrl: string;
  /** Where the console and admin API are served (ADMIN_URL), when on their own origin. */
  adminUrl?: string | undefined;
  /** Called after a maintenance changes, so the scheduler re-plans. */
  onScheduleChange?: () => void;
  /** Rebuilds the static page now; absent when this process does not publish it. */
  rebuildSite?: (() => Promise<unknown>) | undefined;
  /** Wakes the notifier after something was queued for it. */
  onNotify?: () => void;
  /** The email templates, compiled; their admin routes are served when given. */
  templates?: TemplateRenderer | undefined;
  /** Verifies Resend's delivery webhooks (`whsec_…`); without it they are refused. */
  resendWebhookSecret?: string | undefined;
  /** Verifies Twilio's inbound and status webhooks (`X-Twilio-Signature`); without it they are refused. */
  twilioAuthToken?: string | undefined;
  /** Wakes the dependency monitor after a dependency became due (created, changed, "check now"). */
  wakeMonitor?: (() => void) | undefined;
  version?: string;
  /** scrypt parameters for console passwords (OWASP's by default; tests pass cheaper ones). */
  hashParams?: HashParams | undefined;
  /** Which providers carry email and SMS, shown on the console's settings page. */
  providers?: ProviderStatus | undefined;
  /** Reverse proxies in front of the server whose `X-Forwarded-For` is believed (default none). */
  trustedProxies?: number;
  /** Where an owner may set directory publish targets (PUBLISH_ROOT); nowhere when absent. */
  publishPolicy?: PublishTargetPolicy | undefined;
  /** The folder of the status page's build to serve: subscriber pages take its frame (look, logo). */
  frameRoot?: string | (() => string | null) | undefined;
  /** Sends the console's test email through the email channel; absent when this process sends none. */
  sendTestEmail?: TestEmailSender | undefined;
  /** `GET /metrics` (Prometheus): who may scrape, and what only this process knows. */
  metrics?: Omit<MetricsOptions, "deps"> | undefined;
  /** Makes a backup now; absent when this process makes no automatic backups. */
  backUpNow?: (() => Promise<unknown>) | undefined;
  /** This process's name in the leases table: `/readyz` then says which jobs it runs. */
  leaseHolder?: string | undefined;
}

export function createApp({
  deps,
  publicUrl,
  adminUrl,
  onScheduleChange = () => {},
  rebuildSite,
  onNotify,
  templates,
  resendWebhookSecret,
  twilioAuthToken,
  wakeMonitor,
  version = "0.1.0",
  hashParams,
  providers,
  trustedProxies = 0,
  publishPolicy,
  frameRoot,
  sendTestEmail,
  metrics: metricsOptions,
  backUpNow,
  leaseHolder,
}: AppOptions) {
  const app = new Hono();
  const metrics = createMetrics({ deps, ...metricsOptions });
  app.use("*", metrics.middleware);
  app.use(
    "*",
    clientAddresses(trustedProxies, () =>
      deps.logger.warn(
        "requests carry X-Forwarded-For but TRUSTED_PROXIES is 0: the header is ignored, so every " +
          "client behind that proxy shares one rate limit. Set TRUSTED_PROXIES to the number of proxies in front.",
      ),
    ),
  );
  app.onError(onError(deps.logger));
  app.notFound((c) =>
    c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}. See /api/openapi.json.`), 404),
  );

  // Bodies are bounded before anything reads them: a webhook or a form never needs more.
  const limit = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(errorBody("payload_too_large", `${what} must be at most ${maxSize / 1024} KiB.`), 413),
    });
  app.use("/api/webhooks/*", limit(256 * 1024, "A webhook body"));
  app.use("/api/subscribers/*", limit(16 * 1024, "A subscription request"));
  app.use("/api/subscribers", limit(16 * 1024, "A subscription request"));
  app.use("/subscribe/*", limit(16 * 1024, "A subscription request"));
  app.use("/:lang/subscribe/*", limit(16 * 1024, "A subscription request"));

  app.route("/", readinessRoutes(deps, rebuildSite !== undefined, leaseHolder));
  app.route("/", metrics.routes);
  const documents = publicApi({ deps, publicUrl });
  app.route("/api/v2", documents.routes);
  app.route("/", siteApi(deps, publicUrl));
  app.route("/", cardsApi(deps));
  app.route(
    "/",
    subscriberRoutes({
      deps,
      publicUrl,
      onQueued: onNotify,
      frame: frameRoot ? builtFrame(frameRoot) : noFrame,
    }),
  );
  app.route("/", resendWebhookRoutes({ deps, secret: resendWebhookSecret }));
  app.route("/", twilioWebhookRoutes({ deps, publicUrl, authToken: twilioAuthToken }));
  app.route(
    "/admin",
    consoleRoutes({
      deps,
      publicUrl,
      consoleUrl: adminUrl,
      hashParams,
      onNotify,
      wakeMonitor,
      templates,
      onScheduleChange,
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
  // An admin write may have queued notifications (an incident update, a maintenance): wake the
  // notifier now rather than at its next poll.
  admin.use("*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.res.status < 400) onNotify?.();
  });
  admin.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token from `npm run vigie -- token create` or POST /api/admin/tokens",
  });
  const context = { deps, shapes, publishPolicy };
  admin.route("/", componentRoutes(context));
  admin.route("/", incidentRoutes(context));
  admin.route("/", maintenanceRoutes({ ...context, onScheduleChange }));
  admin.route("/", settingsRoutes(context));
  admin.route("/", demoRoutes(context));
  admin.route("/", siteRoutes({ ...context, rebuild: rebuildSite }));
  admin.route("/", notificationRoutes(context));
  if (templates) admin.route("/", templateRoutes({ ...context, renderer: templates }));
  admin.route("/", dependencyRoutes({ ...context, wakeMonitor }));
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
  const fastPath = publicFastPath(documents, metrics.tally);
  return Object.assign(withFastPath(app, fastPath), { fastPath });
}
