import type { Hono } from "hono";
import { auditRoutes } from "./audit/routes.tsx";
import { componentRoutes } from "./components/routes.tsx";
import { demoRoutes } from "./dashboard/demo-routes.tsx";
import { dashboardRoutes } from "./dashboard/routes.tsx";
import { dependencyEditingRoutes } from "./dependencies/edit-routes.tsx";
import { dependencyRoutes } from "./dependencies/routes.tsx";
import type { PreviewRenderers } from "./incidents/preview-renderers.ts";
import { incidentSectionRoutes } from "./incidents/section-routes.ts";
import { maintenanceSectionRoutes } from "./maintenances/section-routes.ts";
import { notificationRoutes } from "./notifications/routes.tsx";
import { type SectionKey, sectionList } from "./sections.ts";
import { settingsRoutes } from "./settings/routes.tsx";
import type { ConsoleContext, ConsoleEnv } from "./shell/console-env.ts";
import { siteRoutes } from "./site/routes.tsx";
import { subscriberListRoutes } from "./subscribers/list-routes.tsx";
import { subscriberRoutes } from "./subscribers/routes.tsx";
import { subscriberTransferRoutes } from "./subscribers/transfer-routes.tsx";
import { templateRoutes } from "./templates/routes.tsx";
import { smsTemplateRoutes } from "./templates/sms-routes.tsx";
import { userRoutes } from "./users/routes.tsx";
import { tokenRoutes } from "./users/token-routes.tsx";

/** What a section's routes may share: the preview renderers, compiled once for the whole console. */
export interface SectionTools {
  renderers: PreviewRenderers;
}

type Routes = Hono<ConsoleEnv>[];

/**
 * Every section's routes, by the key the navigation lists it under: a section added to the list
 * without its routes does not compile. Within a section, fixed paths (`/dependencies/new`,
 * `/subscribers/import`) come before the `/:id` pages that would take them.
 */
const sectionRoutes: Record<SectionKey, (ctx: ConsoleContext, tools: SectionTools) => Routes> = {
  dashboard: (ctx) => [dashboardRoutes(ctx), demoRoutes(ctx)],
  incidents: (ctx, { renderers }) => [incidentSectionRoutes(ctx, renderers)],
  maintenances: (ctx, { renderers }) => [maintenanceSectionRoutes(ctx, renderers)],
  components: (ctx) => [componentRoutes(ctx)],
  dependencies: (ctx) => [dependencyEditingRoutes(ctx), dependencyRoutes(ctx)],
  subscribers: (ctx) => [subscriberListRoutes(ctx), subscriberTransferRoutes(ctx), subscriberRoutes(ctx)],
  notifications: (ctx) => [notificationRoutes(ctx)],
  site: (ctx) => [siteRoutes(ctx)],
  templates: (ctx) => [templateRoutes(ctx), smsTemplateRoutes(ctx)],
  settings: (ctx) => [settingsRoutes(ctx)],
  users: (ctx) => [userRoutes(ctx), tokenRoutes(ctx)],
  audit: (ctx) => [auditRoutes(ctx)],
};

/** Mounts every section's pages on `app`, in navigation order. */
export function mountSections(app: Hono<ConsoleEnv>, ctx: ConsoleContext, tools: SectionTools) {
  for (const section of sectionList)
    for (const routes of sectionRoutes[section.key](ctx, tools)) app.route("/", routes);
}
