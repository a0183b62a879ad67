import { Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { hasDemoData } from "../../domain/demo/remove-demo.ts";
import { publishIncident } from "../../domain/incidents/publish-incident.ts";
import { loadDashboard } from "../../domain/read/load-dashboard.ts";
import { consolePage, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { BackupCard } from "./backup-card.tsx";
import {
  ActiveCard,
  DependenciesCard,
  DraftsCard,
  NotificationsCard,
  SiteCard,
  StatusCard,
} from "./cards.tsx";
import { DemoCard } from "./demo-routes.tsx";
import { OpenIncidentCard } from "./open-incident-card.tsx";

/** The console's front page: what is wrong now, and what waits for a decision. */
export function dashboardRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();

  app.get("/", requireConsoleRole("viewer"), async (c) => {
    const actor = c.get("actor");
    const data = await loadDashboard({ ctx: { deps: ctx.deps, actor } });
    const demo = hasRole(actor, "owner") && (await hasDemoData(ctx.deps));
    return consolePage(
      c,
      "Dashboard",
      <>
        {hasRole(actor, "editor") && <OpenIncidentCard />}
        {demo && <DemoCard />}
        <div class="grid">
          <StatusCard status={data.status} degraded={data.degraded} />
          <ActiveCard active={data.active} />
        </div>
        <DraftsCard
          drafts={data.drafts}
          canPublish={hasRole(actor, "editor")}
          csrfToken={c.get("csrfToken")}
        />
        <div class="grid">
          <DependenciesCard dependencies={data.dependencies} />
          <SiteCard site={data.site} />
          <NotificationsCard pendingDeliveries={data.pendingDeliveries} />
          <BackupCard backups={data.backups} />
        </div>
      </>,
    );
  });

  app.post("/incidents/:id/publish", requireConsoleRole("editor"), async (c) => {
    const incident = await publishIncident({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id") },
    });
    // Published from the incident's own page: back there rather than to the dashboard.
    const back = (await readForm(c))("back") === "incident" ? `/admin/incidents/${incident.id}` : "/admin";
    return redirectWithNotice(c, back, `"${incident.name}" is published; subscribers are being notified.`);
  });
  return app;
}
