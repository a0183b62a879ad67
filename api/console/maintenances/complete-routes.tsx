import { Hono } from "hono";
import { postUpdate } from "../../domain/incidents/post-update.ts";
import { loadIncident } from "../../domain/read/load-page.ts";
import type { UpdateRoutesKind } from "../incidents/update-routes.tsx";
import { redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { maintenanceDetail } from "./detail-view.tsx";

const completedBody = { en: "The maintenance is complete.", fr: "La maintenance est terminée." };

/** A maintenance's page and updates: who hears of them is the notifier's to say. */
export const maintenanceUpdates: UpdateRoutesKind = {
  kind: "maintenance",
  page: maintenanceDetail,
  postedNotice: () => "The update is posted.",
};

/** Completing a maintenance by hand, before its end time. */
export function maintenanceCompleteRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");

  app.post("/maintenances/:id/complete", editor, async (c) => {
    const view = await loadIncident(ctx.deps, "maintenance", c.req.param("id")!);
    await postUpdate({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: {
        status: "completed",
        body: completedBody.en,
        body_translations: { fr: completedBody.fr },
        kind: "maintenance",
        id: view.incident.id,
      },
    });
    return redirectWithNotice(
      c,
      `/admin/maintenances/${view.incident.id}`,
      `"${view.incident.name}" is completed. Subscribers are being notified.`,
    );
  });

  return app;
}
