import { Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { postUpdate } from "../../domain/incidents/post-update.ts";
import { postUpdateInput } from "../../domain/incidents/schemas.ts";
import { loadIncident, loadPage } from "../../domain/read/load-page.ts";
import { withGroupErrors } from "../incidents/component-fields.tsx";
import { parseWith, refusalOf } from "../incidents/input.ts";
import { type MessagePreview, previewMessage } from "../incidents/message-preview.ts";
import type { PreviewRenderers } from "../incidents/preview-renderers.ts";
import { allowEmailStyles } from "../incidents/preview-view.tsx";
import type { UpdateValues } from "../incidents/update-form.tsx";
import { proposedUpdate } from "../incidents/update-proposal.ts";
import { freshUpdate, readUpdateValues, toUpdateInput } from "../incidents/update-values.ts";
import { consolePage, type FormErrors, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { MaintenanceDetailPage } from "./detail-view.tsx";

type Ctx = Parameters<typeof consolePage>[0];
interface Shown {
  errors?: FormErrors;
  preview?: MessagePreview;
  status?: 200 | 409 | 422;
}

const completedBody = { en: "The maintenance is complete.", fr: "La maintenance est terminée." };

/** One maintenance: its plan and timeline, updates (previewed), completing, editing and deleting it. */
export function maintenanceDetailRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = async (c: Ctx) => {
    const [view, { settings, components }] = await Promise.all([
      loadIncident(ctx.deps, "maintenance", c.req.param("id")!),
      loadPage(ctx.deps),
    ]);
    return { view, components, timeZone: settings.timeZone };
  };
  const posted = (c: Ctx, id: string, text: string) => {
    ctx.onScheduleChange();
    ctx.onNotify();
    return redirectWithNotice(c, `/admin/maintenances/${id}`, text);
  };

  const detail = async (c: Ctx, values?: UpdateValues, shown: Shown = {}) => {
    const { view, components, timeZone } = await load(c);
    if (shown.preview) allowEmailStyles(c);
    return consolePage(
      c,
      view.incident.name,
      <MaintenanceDetailPage
        view={view}
        components={components}
        timeZone={timeZone}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
        update={values ?? freshUpdate(view)}
        errors={shown.errors}
        preview={shown.preview}
      />,
      { status: shown.status ?? 200 },
    );
  };

  app.get("/maintenances/:id", requireConsoleRole("viewer"), (c) => detail(c));

  app.post("/maintenances/:id/updates", editor, async (c) => {
    const { view, components } = await load(c);
    const form = await readForm(c);
    const values = readUpdateValues(form, components);
    const parsed = withGroupErrors(
      parseWith(postUpdateInput, toUpdateInput(values, components)),
      values.choices,
    );
    if (!parsed.ok) return detail(c, values, { errors: parsed.errors, status: 422 });
    if (form("intent") === "preview") {
      const proposed = proposedUpdate(view, parsed.input);
      const preview = await previewMessage(ctx.deps, c.get("actor"), ctx.publicUrl, renderers, proposed);
      return detail(c, values, { preview });
    }
    try {
      await postUpdate(ctx.deps, c.get("actor"), "maintenance", view.incident.id, parsed.input);
      return posted(c, view.incident.id, "The update is posted.");
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return detail(c, values, refusal);
    }
  });

  app.post("/maintenances/:id/complete", editor, async (c) => {
    const { view } = await load(c);
    await postUpdate(ctx.deps, c.get("actor"), "maintenance", view.incident.id, {
      status: "completed",
      body: completedBody.en,
      body_translations: { fr: completedBody.fr },
    });
    return posted(
      c,
      view.incident.id,
      `"${view.incident.name}" is completed. Subscribers are being notified.`,
    );
  });

  return app;
}
