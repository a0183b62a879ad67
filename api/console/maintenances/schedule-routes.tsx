import { Hono } from "hono";
import { type ScheduleMaintenanceInput, scheduleMaintenanceInput } from "../../domain/incidents/schemas.ts";
import { scheduleMaintenance } from "../../domain/maintenances/schedule-maintenance.ts";
import { loadPage } from "../../domain/read/load-page.ts";
import { previewOrPost, type Shown, shownPage } from "../incidents/form-flow.ts";
import { french, parseWith } from "../incidents/input.ts";
import { previewMessage } from "../incidents/message-preview.ts";
import type { PreviewRenderers } from "../incidents/preview-renderers.ts";
import { PreviewSection } from "../incidents/preview-view.tsx";
import { findStartingText } from "../incidents/starting-texts.ts";
import { TemplateLinks } from "../incidents/template-links.tsx";
import { openingTexts } from "../incidents/update-proposal.ts";
import { type PageContext, readForm, redirectWithNotice, toLocalInput } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { MaintenanceForm, type MaintenanceValues, readMaintenanceForm, toMaintenanceInput } from "./form.tsx";

type Ctx = PageContext;
const hour = 3_600_000;

/** Scheduling a maintenance, with a preview of the announcement. */
export function maintenanceScheduleRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  // Tomorrow at the next full hour, for one hour: a plausible window to adjust.
  const defaults = (tz: string): MaintenanceValues => {
    const start = new Date(Math.ceil((ctx.deps.clock.now().getTime() + 24 * hour) / hour) * hour);
    return {
      name: "",
      nameFr: "",
      body: "",
      bodyFr: "",
      start: toLocalInput(start, tz),
      end: toLocalInput(new Date(start.getTime() + hour), tz),
      components: [],
      autoStart: true,
      autoComplete: true,
      remind: "60",
      deliver: true,
    };
  };
  const form = async (c: Ctx, values: MaintenanceValues | null, shown: Shown = {}) => {
    const { settings, components } = await loadPage(ctx.deps);
    const tz = settings.timeZone;
    const v = values ?? defaults(tz);
    return shownPage(
      c,
      "Schedule a maintenance",
      shown,
      <>
        <TemplateLinks kind="maintenance" />
        <MaintenanceForm
          action="/admin/maintenances"
          heading="The maintenance"
          values={v}
          components={components}
          timeZone={tz}
          now={ctx.deps.clock.now()}
          errors={shown.errors ?? {}}
          csrfToken={c.get("csrfToken")}
          scheduling
        />
        {shown.preview && (
          <PreviewSection
            preview={shown.preview}
            quiet="Notify subscribers is unticked: nobody is told."
            post={{ form: "maintenance-form", label: "Schedule the maintenance" }}
          />
        )}
      </>,
    );
  };

  app.get("/maintenances/new", editor, async (c) => {
    const text = findStartingText("maintenance", c.req.query("template"));
    if (!text) return form(c, null);
    const { settings } = await loadPage(ctx.deps);
    return form(c, {
      ...defaults(settings.timeZone),
      name: text.name.en,
      nameFr: text.name.fr,
      body: text.body.en,
      bodyFr: text.body.fr,
    });
  });

  app.post("/maintenances", editor, async (c) => {
    const { settings, components } = await loadPage(ctx.deps);
    const raw = await readForm(c);
    const { values, unreadable } = readMaintenanceForm(raw, components, settings.timeZone);
    if (unreadable) return form(c, values, { errors: unreadable, status: 422 });
    const parsed = parseWith(scheduleMaintenanceInput, {
      ...toMaintenanceInput(values, settings.timeZone),
      body: values.body,
      body_translations: french(values.bodyFr),
      deliver_notifications: values.deliver,
    });
    const preview = (input: ScheduleMaintenanceInput) =>
      previewMessage(ctx.deps, c.get("actor"), ctx.publicUrl, renderers, {
        event: "maintenance.scheduled",
        kind: "maintenance",
        ...openingTexts(input),
        status: "scheduled",
        deliver: values.deliver,
        impact: "none",
        shown: (input.components ?? []).map((componentId) => ({ componentId, status: "operational" })),
        audience: input.components ?? [],
        window: {
          scheduledFor: new Date(input.scheduled_for),
          scheduledUntil: new Date(input.scheduled_until),
        },
      });
    const post = async (input: ScheduleMaintenanceInput) => {
      const { maintenance } = await scheduleMaintenance({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input,
      });
      const told = values.deliver ? " Subscribers are being notified." : "";
      return redirectWithNotice(
        c,
        `/admin/maintenances/${maintenance.id}`,
        `"${maintenance.name}" is scheduled.${told}`,
      );
    };
    const again = (shown: Shown) => form(c, values, shown);
    return previewOrPost({ parsed, intent: raw("intent"), again, preview, post });
  });

  return app;
}
