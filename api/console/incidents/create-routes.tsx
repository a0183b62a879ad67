import { Hono } from "hono";
import type { ComponentRow } from "../../domain/components/component-store.ts";
import { createIncident } from "../../domain/incidents/create-incident.ts";
import { createIncidentInput } from "../../domain/incidents/schemas.ts";
import { loadComponents } from "../../domain/read/load-page.ts";
import { impactOfStatus, worstImpact } from "../../domain/status-rules.ts";
import type { ComponentStatus } from "../../domain/types.ts";
import {
  consolePage,
  type FormErrors,
  type PageContext,
  readForm,
  redirectWithNotice,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { readComponentChoices, resolveChoices, withGroupErrors } from "./component-fields.tsx";
import { blankIncident, NewIncidentPage, type NewIncidentValues } from "./form.tsx";
import { french, lines, parseWith, refusalOf } from "./input.ts";
import { type MessagePreview, previewMessage } from "./message-preview.ts";
import type { PreviewRenderers } from "./preview-renderers.ts";
import { allowEmailStyles } from "./preview-view.tsx";
import { findStartingText } from "./starting-texts.ts";

type Ctx = PageContext;

function readValues(form: (name: string) => string, components: ComponentRow[]): NewIncidentValues {
  return {
    name: form("name"),
    nameFr: form("name_fr"),
    body: lines(form("body")),
    bodyFr: lines(form("body_fr")),
    status: form("status"),
    impact: form("impact"),
    choices: readComponentChoices(form, components),
    deliver: form("deliver") === "on",
  };
}

const toInput = (v: NewIncidentValues, components: ComponentRow[]) => ({
  name: v.name,
  status: v.status,
  impact: v.impact || undefined,
  body: v.body,
  components: resolveChoices(v.choices, components),
  deliver_notifications: v.deliver,
  name_translations: french(v.nameFr),
  body_translations: french(v.bodyFr),
});

/** The form that opens an incident, from scratch or from a starting text. */
export function incidentCreateRoutes(ctx: ConsoleContext, renderers: PreviewRenderers) {
  const app = new Hono<ConsoleEnv>();
  const form = async (
    c: Ctx,
    values: NewIncidentValues,
    extra: {
      errors?: FormErrors;
      preview?: MessagePreview;
      status?: 200 | 409 | 422;
      template?: string;
      autofocus?: boolean;
    } = {},
  ) => {
    if (extra.preview) allowEmailStyles(c);
    return consolePage(
      c,
      "Open an incident",
      <NewIncidentPage
        values={values}
        components={await loadComponents(ctx.deps)}
        csrfToken={c.get("csrfToken")}
        errors={extra.errors}
        preview={extra.preview}
        template={extra.template}
        autofocus={extra.autofocus ?? false}
      />,
      { status: extra.status ?? 200 },
    );
  };

  app.get("/incidents/new", requireConsoleRole("editor"), async (c) => {
    const start = findStartingText("incident", c.req.query("template"));
    if (!start) return form(c, blankIncident, { autofocus: true });
    // The components the link names (known leaves only) get the template's status.
    const named = new Set((c.req.query("components") ?? "").split(","));
    const leaves = (await loadComponents(ctx.deps)).filter((k) => !k.isGroup && named.has(k.id));
    const values: NewIncidentValues = {
      ...blankIncident,
      name: start.name.en,
      nameFr: start.name.fr,
      body: start.body.en,
      bodyFr: start.body.fr,
      status: start.status ?? "investigating",
      choices: {
        components: Object.fromEntries(
          start.componentStatus ? leaves.map((k) => [k.id, start.componentStatus as string]) : [],
        ),
        groups: {},
      },
    };
    return form(c, values, { template: start.title, autofocus: true });
  });

  app.post("/incidents", requireConsoleRole("editor"), async (c) => {
    const components = await loadComponents(ctx.deps);
    const values = readValues(await readForm(c), components);
    const parsed = withGroupErrors(
      parseWith(createIncidentInput, toInput(values, components)),
      values.choices,
    );
    if (!parsed.ok) return form(c, values, { errors: parsed.errors, status: 422 });
    const input = parsed.input;
    if ((await readForm(c))("intent") === "preview") {
      const statuses = Object.values(input.components ?? {}) as ComponentStatus[];
      const preview = await previewMessage(ctx.deps, c.get("actor"), ctx.publicUrl, renderers, {
        event: "incident.created",
        kind: "incident",
        name: input.name,
        nameFr: input.name_translations?.fr,
        body: input.body,
        bodyFr: input.body_translations?.fr,
        status: input.status ?? "investigating",
        deliver: input.deliver_notifications ?? true,
        impact: input.impact ?? worstImpact(statuses.map(impactOfStatus)),
        shown: Object.entries(input.components ?? {}).map(([componentId, status]) => ({
          componentId,
          status,
        })),
        audience: Object.keys(input.components ?? {}),
      });
      return form(c, values, { preview });
    }
    try {
      const { incident } = await createIncident({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input,
      });
      const told = input.deliver_notifications === false ? "" : " Subscribers are being notified.";
      return redirectWithNotice(c, `/admin/incidents/${incident.id}`, `"${incident.name}" is open.${told}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return form(c, values, refusal);
    }
  });
  return app;
}
