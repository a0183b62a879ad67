import { Hono } from "hono";
import { updateIncidentInput } from "../../domain/incidents/schemas.ts";
import { updateIncident } from "../../domain/incidents/update-incident.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import { loadIncident } from "../../domain/read/load-page.ts";
import {
  CsrfField,
  FormError,
  type FormErrors,
  type PageContext,
  readForm,
  redirectWithNotice,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { DeleteCard, deleteHandler } from "./delete-card.tsx";
import { ImpactField } from "./form.tsx";
import { postOrRefuse, type Shown, shownPage } from "./form-flow.ts";
import { NameAndMessage } from "./form-parts.tsx";
import { french, parseWith } from "./input.ts";

type Ctx = PageContext;
type Values = Record<"name" | "name_fr" | "impact", string>;

const Back = ({ view }: { view: IncidentView }) => (
  <p>
    <a href={`/admin/incidents/${view.incident.id}`}>Back to the incident</a>
  </p>
);

function EditPage(props: { view: IncidentView; values: Values; errors: FormErrors; csrfToken: string }) {
  const { view, values, errors, csrfToken } = props;
  const base = `/admin/incidents/${view.incident.id}`;
  return (
    <>
      <Back view={view} />
      <form method="post" action={`${base}/edit`} class="card" aria-labelledby="edit">
        <h2 id="edit">Name and impact</h2>
        <FormError errors={errors} />
        <CsrfField token={csrfToken} />
        <NameAndMessage
          values={{ name: values.name, nameFr: values.name_fr, body: "", bodyFr: "" }}
          errors={errors}
        />
        <ImpactField value={values.impact} error={errors.impact} />
        <p class="hint">Subscribers are not notified of this change; post an update to tell them.</p>
        <div class="buttons">
          <button type="submit">Save</button>
        </div>
      </form>
      <DeleteCard
        kind="incident"
        id={view.incident.id}
        csrfToken={csrfToken}
        note="It disappears from the page with its updates; component statuses stay as they are."
      />
    </>
  );
}

/** Renaming an incident, its impact override, deleting it. */
export function incidentEditRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = (c: Ctx) => loadIncident(ctx.deps, "incident", c.req.param("id")!);
  const editPage = async (c: Ctx, values?: Values, shown: Shown = {}) => {
    const view = await load(c);
    const i = view.incident;
    const current = { name: i.name, name_fr: view.nameTranslations.fr ?? "", impact: i.impactOverride ?? "" };
    return shownPage(
      c,
      `Edit "${i.name}"`,
      shown,
      <EditPage
        view={view}
        values={values ?? current}
        errors={shown.errors ?? {}}
        csrfToken={c.get("csrfToken")}
      />,
    );
  };

  app.get("/incidents/:id/edit", editor, (c) => editPage(c));

  app.post("/incidents/:id/edit", editor, async (c) => {
    const form = await readForm(c);
    const values: Values = { name: form("name"), name_fr: form("name_fr"), impact: form("impact") };
    const parsed = parseWith(updateIncidentInput, {
      name: values.name,
      impact: values.impact || null,
      name_translations: french(values.name_fr),
    });
    return postOrRefuse(
      parsed,
      (shown) => editPage(c, values, shown),
      async (input) => {
        const incident = await updateIncident({
          ctx: { deps: ctx.deps, actor: c.get("actor") },
          input: { ...input, id: c.req.param("id") },
        });
        return redirectWithNotice(c, `/admin/incidents/${incident.id}`, `"${incident.name}" is saved.`);
      },
    );
  });

  app.post(
    "/incidents/:id/delete",
    editor,
    deleteHandler(ctx, "incident", (c, errors) => editPage(c, undefined, { errors, status: 422 })),
  );

  return app;
}
