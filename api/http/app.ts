import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../domain/context.ts";
import type { PublishTargetPolicy } from "../domain/settings/publish-target-policy.ts";
import type { HashParams } from "../domain/users/password-hash.ts";
import type { ProviderStatus } from "../notifier/provider-status.ts";
import type { TestEmailSender } from "../notifier/test-email.ts";
import type { TemplateRenderer } from "../templates/index.ts";
import { clientAddresses } from "../web/client-address.ts";
import { errorBody, onError } from "../web/errors.ts";
import { lazyApp } from "./lazy-app.ts";
import { createMetrics, type MetricsOptions } from "./metrics/metrics-routes.ts";
import { cardsApi } from "./public/cards-api.ts";
import { publicFastPath, withFastPath } from "./public/public-fast-path.ts";
import { siteApi } from "./public/site-api.ts";
import { publicApi } from "./public/statuspage-v2.ts";
import { readinessRoutes } from "./readiness.ts";
import { builtFrame, noFrame } from "./subscribers/page-frame.ts";
import { subscriberRoutes } from "./subscribers/subscriber-routes.ts";
import { resendWebhookRoutes } from "./webhooks/resend-webhook.ts";
import { twilioWebhookRoutes } from "./webhooks/twilio-webhooks.ts";

/** What the console and the admin API answer: handed to the app built on first use (admin-app.ts). */
const adminPaths = ["/admin", "/admin/*", "/api/admin", "/api/admin/*", "/api/openapi.json"];

export interface AppOptions {
  deps: Deps;
  publicUrl: string;
  /** Where the console and admin API are served (ADMIN_URL), when on their own origin. */
  adminUrl?: string | undefined;
  /** Rebuilds the static page now; absent when this process does not publish it. */
  rebuildSite?: (() => Promise<unknown>) | undefined;
  /** The email templates, compiled; their admin routes are served when given. */
  templates?: TemplateRenderer | undefined;
  /** Verifies Resend's delivery webhooks (`whsec_…`); without it they are refused. */
  resendWebhookSecret?: string | undefined;
  /** Verifies Twilio's inbound and status webhooks (`X-Twilio-Signature`); without it they are refused. */
  twilioAuthToken?: string | undefined;
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
  rebuildSite,
  templates,
  resendWebhookSecret,
  twilioAuthToken,
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
      frame: frameRoot ? builtFrame(frameRoot) : noFrame,
    }),
  );
  app.route("/", resendWebhookRoutes({ deps, secret: resendWebhookSecret }));
  app.route("/", twilioWebhookRoutes({ deps, publicUrl, authToken: twilioAuthToken }));
  // The console and the admin API are built on their first request (see admin-app.ts).
  const admin = lazyApp(() =>
    import("./admin-app.ts").then(({ createAdminApp }) =>
      createAdminApp({
        deps,
        publicUrl,
        adminUrl,
        rebuildSite,
        templates,
        version,
        hashParams,
        providers,
        trustedProxies,
        publishPolicy,
        sendTestEmail,
        backUpNow,
      }),
    ),
  );
  for (const path of adminPaths) app.all(path, admin);
  const fast = publicFastPath(documents, metrics.tally);
  // adminApp: the console and admin API, built if they were not yet (their routes are not in `routes`).
  return Object.assign(withFastPath(app, fast.fetch), {
    fastPath: fast.fetch,
    nodeFastPath: fast.node,
    adminApp: admin.load,
  });
}
