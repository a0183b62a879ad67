import { Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { postUpdate } from "../../domain/incidents/post-update.ts";
import { postUpdateInput } from "../../domain/incidents/schemas.ts";
import { loadComponents, loadIncident } from "../../domain/read/load-page.ts";
import type { IncidentKind } from "../../domain/types.ts";
import { consolePage, type PageContext, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { withGroupErrors } from "./component-fields.tsx";
import { type DetailKind, DetailPage } from "./detail-page.tsx";
import type { Shown } from "./form-flow.ts";
import { parseWith, refusalOf } from "./input.ts";
import { previewMessage } from "./message-preview.ts";
import type { PreviewRenderers } from "./preview-renderers.ts";
import { allowEmailStyles } from "./preview-view.tsx";
import type { UpdateValues } from "./update-form.tsx";
import { proposedUpdate } from "./update-proposal.ts";
import { freshUpdate, readUpdateValues, toUpdateInput } from "./update-values.ts";

export type Ctx = PageContext;

export type { Shown };

/** How the detail routes of one kind differ: its page, and what follows a posted update. */
export interface UpdateRoutesKind {
  kind: IncidentKind;
  page: DetailKind;
  /** The notice after an update is posted (whether subscribers are told). */
  postedNotice: (deliver: boolean, published: boolean) => string;
}

/** The incident or maintenance with the components, as the detail pages need them. */
export const loadDetail = (ctx: ConsoleContext, kind: IncidentKind, c: Ctx) =>
  Promise.all([loadIncident(ctx.deps, kind, c.req.param("id")!), loadComponents(ctx.deps)]);

/** One incident or maintenance: its page, and posting an update to it with a preview of the message. */
export function updateRoutes(ctx: ConsoleContext, renderers: PreviewRenderers, spec: UpdateRoutesKind) {
  const app = new Hono<ConsoleEnv>();
  const base = `/${spec.page.section}/:id`;

  const detail = async (c: Ctx, values?: UpdateValues, shown: Shown = {}) => {
    const [view, components] = await loadDetail(ctx, spec.kind, c);
    if (shown.preview) allowEmailStyles(c);
    return consolePage(
      c,
      view.incident.name,
      <DetailPage
        kind={spec.page}
        view={view}
        components={components}
        timeZone={c.get("timeZone")}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
        update={values ?? freshUpdate(view)}
        errors={shown.errors}
        preview={shown.preview}
      />,
      { status: shown.status ?? 200 },
    );
  };

  app.get(base, requireConsoleRole("viewer"), (c) => detail(c));

  app.post(`${base}/updates`, requireConsoleRole("editor"), async (c) => {
    const [view, components] = await loadDetail(ctx, spec.kind, c);
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
      const { incident } = await postUpdate({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { ...parsed.input, kind: spec.kind, id: view.incident.id },
      });
      return redirectWithNotice(
        c,
        `/admin/${spec.page.section}/${incident.id}`,
        spec.postedNotice(values.deliver, incident.published),
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return detail(c, values, refusal);
    }
  });

  return app;
}
