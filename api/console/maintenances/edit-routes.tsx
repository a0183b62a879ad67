import { Hono } from "hono";
import { updateMaintenanceInput } from "../../domain/incidents/schemas.ts";
import { updateMaintenance } from "../../domain/maintenances/update-maintenance.ts";
import { loadIncident, loadPage } from "../../domain/read/load-page.ts";
import { DeleteCard, deleteHandler } from "../incidents/delete-card.tsx";
import { postOrRefuse, type Shown, shownPage } from "../incidents/form-flow.ts";
import { parseWith } from "../incidents/input.ts";
import { type PageContext, readForm, redirectWithNotice, toLocalInput } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { MaintenanceForm, type MaintenanceValues, readMaintenanceForm, toMaintenanceInput } from "./form.tsx";

type Ctx = PageContext;

/** Changing a maintenance's plan (name, window, components, automation) or deleting it. */
export function maintenanceEditRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = async (c: Ctx) => {
    const [view, { settings, components }] = await Promise.all([
      loadIncident(ctx.deps, "maintenance", c.req.param("id")!),
      loadPage(ctx.deps),
    ]);
    return { view, components, timeZone: settings.timeZone };
  };

  const editPage = async (c: Ctx, values?: MaintenanceValues, shown: Shown = {}) => {
    const { view, components, timeZone } = await load(c);
    const m = view.incident;
    const current: MaintenanceValues = {
      name: m.name,
      nameFr: view.nameTranslations.fr ?? "",
      body: "",
      bodyFr: "",
      start: m.scheduledFor ? toLocalInput(m.scheduledFor, timeZone) : "",
      end: m.scheduledUntil ? toLocalInput(m.scheduledUntil, timeZone) : "",
      components: view.componentIds,
      autoStart: m.autoStart,
      autoComplete: m.autoComplete,
      remind: m.remindPriorMinutes === null ? "" : String(m.remindPriorMinutes),
      deliver: false,
    };
    return shownPage(
      c,
      `Change "${m.name}"`,
      shown,
      <>
        <p>
          <a href={`/admin/maintenances/${m.id}`}>Back to the maintenance</a>
        </p>
        <MaintenanceForm
          action={`/admin/maintenances/${m.id}/edit`}
          heading="The plan"
          values={values ?? current}
          components={components}
          timeZone={timeZone}
          now={ctx.deps.clock.now()}
          errors={shown.errors ?? {}}
          csrfToken={c.get("csrfToken")}
          scheduling={false}
        />
        <DeleteCard
          kind="maintenance"
          id={m.id}
          csrfToken={c.get("csrfToken")}
          note="It disappears from the page with its updates."
        />
      </>,
    );
  };

  app.get("/maintenances/:id/edit", editor, (c) => editPage(c));

  app.post("/maintenances/:id/edit", editor, async (c) => {
    const { view, components, timeZone } = await load(c);
    const { values, unreadable } = readMaintenanceForm(await readForm(c), components, timeZone);
    const again = (shown: Shown) => editPage(c, values, shown);
    if (unreadable) return again({ errors: unreadable, status: 422 });
    const parsed = parseWith(updateMaintenanceInput, toMaintenanceInput(values, timeZone));
    return postOrRefuse(parsed, again, async (input) => {
      const m = await updateMaintenance({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { ...input, id: view.incident.id },
      });
      return redirectWithNotice(c, `/admin/maintenances/${m.id}`, `"${m.name}" is saved.`);
    });
  });

  app.post(
    "/maintenances/:id/delete",
    editor,
    deleteHandler(ctx, "maintenance", (c, errors) => editPage(c, undefined, { errors, status: 422 })),
  );
  return app;
}
