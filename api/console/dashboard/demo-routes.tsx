import { Hono } from "hono";
import { removeDemo } from "../../domain/demo/remove-demo.ts";
import { CsrfField, consolePage, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Shown on the dashboard to owners while the "Acme Cloud" demo is still on the page. */
export function DemoCard() {
  return (
    <section class="card" aria-labelledby="demo">
      <h2 id="demo">Demo data</h2>
      <p>
        The page still shows the "Acme Cloud" demo. Removing it deletes only what the demo created; your own
        components and incidents stay.
      </p>
      <p>
        <a href="/admin/demo/remove">Remove demo data</a>
      </p>
    </section>
  );
}

function DemoConfirmation({ csrfToken }: { csrfToken: string }) {
  return (
    <form method="post" action="/admin/demo/remove" class="card">
      <CsrfField token={csrfToken} />
      <p>
        The demo's components and groups, its incidents and maintenance, their updates and history leave the
        page, which is then rebuilt. Components you added stay; one you put in a demo group moves to the top
        level. An incident of yours that names a demo component keeps its text and loses only that component.
      </p>
      <p>This cannot be undone.</p>
      <div class="actions">
        <button type="submit" class="danger">
          Remove demo data
        </button>{" "}
        <a href="/admin">Keep it</a>
      </div>
    </form>
  );
}

/** Removing the demo: a confirmation page, then the removal itself. Owners only. */
export function demoRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const owner = requireConsoleRole("owner");
  app.get("/demo/remove", owner, (c) =>
    consolePage(c, "Remove the demo data?", <DemoConfirmation csrfToken={c.get("csrfToken")} />),
  );
  app.post("/demo/remove", owner, async (c) => {
    const removed = await removeDemo({ ctx: { deps: ctx.deps, actor: c.get("actor") } });
    const what = [
      plural(removed.components.length, "component or group", "components and groups"),
      plural(removed.incidents.length, "incident or maintenance", "incidents and maintenances"),
    ].join(" and ");
    return redirectWithNotice(c, "/admin", `The demo data is removed (${what}); the page is being rebuilt.`);
  });
  return app;
}
