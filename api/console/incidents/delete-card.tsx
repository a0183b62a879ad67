import { deleteIncident } from "../../domain/incidents/delete-incident.ts";
import { loadIncident } from "../../domain/read/load-page.ts";
import type { IncidentKind } from "../../domain/types.ts";
import { Checkbox, CsrfField, type FormErrors, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext } from "../shell/console-env.ts";
import type { Ctx } from "./update-routes.tsx";

const sectionOf = { incident: "incidents", maintenance: "maintenances" } as const;
const confirmLabel = (kind: IncidentKind) => `Yes, delete this ${kind}`;

/** The card under an incident's or a maintenance's edit form that deletes it, once ticked. */
export function DeleteCard(props: { kind: IncidentKind; id: string; csrfToken: string; note: string }) {
  return (
    <form
      method="post"
      action={`/admin/${sectionOf[props.kind]}/${props.id}/delete`}
      class="card"
      aria-labelledby="delete"
    >
      <h2 id="delete">Delete</h2>
      <p>{props.note}</p>
      <CsrfField token={props.csrfToken} />
      <Checkbox label={confirmLabel(props.kind)} name="confirm" checked={false} />
      <div class="buttons">
        <button type="submit" class="danger">
          {`Delete the ${props.kind}`}
        </button>
      </div>
    </form>
  );
}

/**
 * The handler of `POST /admin/<section>/:id/delete`: without the box ticked, the edit page again
 * with the reason; else deleted, and back to the list.
 */
export function deleteHandler(
  ctx: ConsoleContext,
  kind: IncidentKind,
  editPage: (c: Ctx, errors: FormErrors) => Promise<Response>,
) {
  return async (c: Ctx) => {
    const view = await loadIncident(ctx.deps, kind, c.req.param("id")!);
    if ((await readForm(c))("confirm") !== "on")
      return editPage(c, { _form: `Tick “${confirmLabel(kind)}” to delete it.` });
    await deleteIncident({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { kind, id: view.incident.id },
    });
    return redirectWithNotice(c, `/admin/${sectionOf[kind]}`, `"${view.incident.name}" is deleted.`);
  };
}
