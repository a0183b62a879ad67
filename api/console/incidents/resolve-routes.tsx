import { Hono } from "hono";
import { defaultResolvedBody, resolveIncident } from "../../domain/incidents/resolve-incident.ts";
import { resolveIncidentInput } from "../../domain/incidents/schemas.ts";
import { consolePage, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { noChoices, withGroupErrors } from "./component-fields.tsx";
import { incidentDetail } from "./detail-view.tsx";
import { optional, parseWith, refusalOf } from "./input.ts";
import { previewMessage } from "./message-preview.ts";
import type { PreviewRenderers } from "./preview-renderers.ts";
import { allowEmailStyles, PreviewSection } from "./preview-view.tsx";
import { UpdateForm, type UpdateValues, updateFormId } from "./update-form.tsx";
import { proposedUpdate } from "./update-proposal.ts";
import { type Ctx, loadDetail, type Shown, type UpdateRoutesKind } from "./update-routes.tsx";
import { readUpdateValues, toUpdateInput } from "./update-values.ts";

const resolvedFr = "Cet incident est résolu.";
const resolveAction = (id: string) => `/admin/incidents/${id}/resolve`;
const resolveHint =
  "Left at No change, the incident's components go back to operational (unless another open incident holds them); set a status to name exactly which components change and how.";
const notified = (deliver: boolean, published: boolean) =>
  deliver && published ? " Subscribers are being notified." : "";

/** An incident's page and updates: subscribers are told when it is public and Notify is ticked. */
export const incidentUpdates: UpdateRoutesKind = {
  kind: "incident",
  page: incidentDetail,
  postedNotice: (deliver, published) => `The update is posted.${notified(deliver, published)}`,
};

/** Resolving an incident, with a preview of the last message. */
export function incidentResolveRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = (c: Ctx) => loadDetail(ctx, "incident", c);

  const resolvePage = async (c: Ctx, values: UpdateValues, shown: Shown = {}) => {
    const [view, components] = await load(c);
    if (shown.preview) allowEmailStyles(c);
    return consolePage(
      c,
      `Resolve "${view.incident.name}"`,
      <>
        <p>
          <a href={`/admin/incidents/${view.incident.id}`}>Back to the incident</a>
        </p>
        <UpdateForm
          action={resolveAction(view.incident.id)}
          heading="The last update"
          values={values}
          components={components}
          componentsHint={resolveHint}
          errors={shown.errors ?? {}}
          csrfToken={c.get("csrfToken")}
          post="Resolve"
        />
        {shown.preview && (
          <PreviewSection
            preview={shown.preview}
            quiet="Nobody is told: Notify subscribers is unticked."
            post={{ form: updateFormId(resolveAction(view.incident.id)), label: "Resolve" }}
          />
        )}
      </>,
      { status: shown.status ?? 200 },
    );
  };

  app.get("/incidents/:id/resolve", editor, (c) =>
    resolvePage(c, {
      status: "resolved",
      body: defaultResolvedBody,
      bodyFr: resolvedFr,
      choices: noChoices,
      deliver: true,
    }),
  );

  app.post("/incidents/:id/resolve", editor, async (c) => {
    const [view, components] = await load(c);
    const form = await readForm(c);
    const values = { ...readUpdateValues(form, components), status: "resolved" };
    const { status: _, ...raw } = toUpdateInput(values, components);
    const parsed = withGroupErrors(
      parseWith(resolveIncidentInput, { ...raw, body: optional(values.body) }),
      values.choices,
    );
    if (!parsed.ok) return resolvePage(c, values, { errors: parsed.errors, status: 422 });
    if (form("intent") === "preview") {
      const proposed = proposedUpdate(view, {
        ...parsed.input,
        status: "resolved",
        body: parsed.input.body ?? defaultResolvedBody,
      });
      const preview = await previewMessage(ctx.deps, c.get("actor"), ctx.publicUrl, renderers, proposed);
      return resolvePage(c, values, { preview });
    }
    try {
      const { incident } = await resolveIncident({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { ...parsed.input, id: view.incident.id },
      });
      const told = notified(values.deliver, incident.published);
      return redirectWithNotice(
        c,
        `/admin/incidents/${incident.id}`,
        `"${incident.name}" is resolved.${told}`,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return resolvePage(c, values, refusal);
    }
  });
  return app;
}
