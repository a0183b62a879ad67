import { Hono } from "hono";
import { addPostmortem } from "../../domain/incidents/add-postmortem.ts";
import { postmortemInput } from "../../domain/incidents/schemas.ts";
import { loadIncident } from "../../domain/read/load-page.ts";
import {
  CsrfField,
  consolePage,
  FormError,
  type FormErrors,
  type PageContext,
  readForm,
  redirectWithNotice,
  TextInput,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { lines, parseWith, refusalOf } from "./input.ts";

type Ctx = PageContext;

/** The postmortem of a resolved incident: saved as a draft, or published under it on the page. */
export function postmortemRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = (c: Ctx) => loadIncident(ctx.deps, "incident", c.req.param("id")!);

  const postmortemPage = async (
    c: Ctx,
    body?: string,
    errors: FormErrors = {},
    status: 200 | 409 | 422 = 200,
  ) => {
    const view = await load(c);
    const i = view.incident;
    return consolePage(
      c,
      `Postmortem of "${i.name}"`,
      <>
        <p>
          <a href={`/admin/incidents/${i.id}`}>Back to the incident</a>
        </p>
        <form method="post" action={`/admin/incidents/${i.id}/postmortem`} class="card" aria-labelledby="pm">
          <h2 id="pm">{i.postmortemPublishedAt ? "Published postmortem" : "Postmortem"}</h2>
          <FormError errors={errors} />
          <CsrfField token={c.get("csrfToken")} />
          <TextInput
            label="What happened, why, and what we change"
            name="body"
            value={body ?? i.postmortemBody ?? ""}
            error={errors.body}
            hint="Markdown. Shown under the incident on the public page once published."
            multiline
            required
          />
          <div class="buttons">
            <button type="submit" name="publish" value="false" class="secondary">
              Save as draft
            </button>
            <button type="submit" name="publish" value="true">
              Publish
            </button>
          </div>
        </form>
      </>,
      { status },
    );
  };

  app.get("/incidents/:id/postmortem", editor, (c) => postmortemPage(c));

  app.post("/incidents/:id/postmortem", editor, async (c) => {
    const form = await readForm(c);
    const parsed = parseWith(postmortemInput, {
      body: lines(form("body")),
      publish: form("publish") !== "false",
    });
    if (!parsed.ok) return postmortemPage(c, lines(form("body")), parsed.errors, 422);
    try {
      const incident = await addPostmortem({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { ...parsed.input, id: c.req.param("id") },
      });
      const what = parsed.input.publish === false ? "saved as a draft" : "published";
      return redirectWithNotice(c, `/admin/incidents/${incident.id}`, `The postmortem is ${what}.`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return postmortemPage(c, lines(form("body")), refusal.errors, refusal.status);
    }
  });
  return app;
}
