import { Hono } from "hono";
import { addPostmortem } from "../../domain/incidents/add-postmortem.ts";
import { postmortemInput } from "../../domain/incidents/schemas.ts";
import { loadIncident } from "../../domain/read/load-page.ts";
import {
  CsrfField,
  FormError,
  type PageContext,
  readForm,
  redirectWithNotice,
  TextInput,
} from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { postOrRefuse, type Shown, shownPage } from "./form-flow.ts";
import { lines, parseWith } from "./input.ts";

type Ctx = PageContext;

/** The postmortem of a resolved incident: saved as a draft, or published under it on the page. */
export function postmortemRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");
  const load = (c: Ctx) => loadIncident(ctx.deps, "incident", c.req.param("id")!);

  const postmortemPage = async (c: Ctx, body?: string, shown: Shown = {}) => {
    const view = await load(c);
    const i = view.incident;
    const errors = shown.errors ?? {};
    return shownPage(
      c,
      `Postmortem of "${i.name}"`,
      shown,
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
    );
  };

  app.get("/incidents/:id/postmortem", editor, (c) => postmortemPage(c));

  app.post("/incidents/:id/postmortem", editor, async (c) => {
    const form = await readForm(c);
    const parsed = parseWith(postmortemInput, {
      body: lines(form("body")),
      publish: form("publish") !== "false",
    });
    return postOrRefuse(
      parsed,
      (shown) => postmortemPage(c, lines(form("body")), shown),
      async (input) => {
        const incident = await addPostmortem({
          ctx: { deps: ctx.deps, actor: c.get("actor") },
          input: { ...input, id: c.req.param("id") },
        });
        const what = input.publish === false ? "saved as a draft" : "published";
        return redirectWithNotice(c, `/admin/incidents/${incident.id}`, `The postmortem is ${what}.`);
      },
    );
  });
  return app;
}
