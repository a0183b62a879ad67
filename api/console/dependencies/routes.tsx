import { type Context, Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { createOncallContact } from "../../domain/dependencies/create-oncall-contact.ts";
import { deleteDependency } from "../../domain/dependencies/delete-dependency.ts";
import { deleteOncallContact } from "../../domain/dependencies/delete-oncall-contact.ts";
import { getDependency } from "../../domain/dependencies/get-dependency.ts";
import { getDependencyMap } from "../../domain/dependencies/get-dependency-map.ts";
import { listDependencies } from "../../domain/dependencies/list-dependencies.ts";
import { listOncallContacts } from "../../domain/dependencies/list-oncall-contacts.ts";
import { requestCheck } from "../../domain/dependencies/request-check.ts";
import { createOncallContactInput } from "../../domain/dependencies/schemas.ts";
import { DomainError } from "../../domain/errors.ts";
import { loadComponents } from "../../domain/read/load-page.ts";
import { renderDependencyMapSvg } from "../../shapes/dependency-map-svg.ts";
import { consolePage, parseForm, readForm, redirectWithNotice, refusedForm } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { DeleteDependency, DependencyDetailPage } from "./detail-view.tsx";
import { DependenciesPage, type OncallFormState } from "./view.tsx";

type C = Context<ConsoleEnv>;

/** Watched providers, their detail and history, the map of what depends on what, and on-call contacts. */
export function dependencyRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const viewer = requireConsoleRole("viewer");
  const editor = requireConsoleRole("editor");

  const list = async (c: C, oncallForm?: OncallFormState, status: 200 | 409 | 422 = 200) => {
    const actor = c.get("actor");
    const after = c.req.query("after")?.slice(0, 64) || undefined;
    const [page, map, contacts] = await Promise.all([
      listDependencies({ ctx: { deps: ctx.deps, actor }, input: { limit: 100, after } }),
      getDependencyMap({ ctx: { deps: ctx.deps, actor } }),
      listOncallContacts({ ctx: { deps: ctx.deps, actor } }),
    ]);
    return consolePage(
      c,
      "Dependencies",
      <DependenciesPage
        dependencies={page.dependencies}
        nextCursor={page.nextCursor}
        map={map}
        contacts={contacts}
        canEdit={hasRole(actor, "editor")}
        csrfToken={c.get("csrfToken")}
        oncallForm={oncallForm}
      />,
      { status },
    );
  };

  app.get("/dependencies", viewer, (c) => list(c));

  // The API's picture needs a bearer token, which an <img> cannot send: the console serves its own.
  app.get("/dependency-map.svg", viewer, async (c) => {
    const svg = renderDependencyMapSvg(
      await getDependencyMap({ ctx: { deps: ctx.deps, actor: c.get("actor") } }),
    );
    return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
  });

  app.get("/dependencies/:id", viewer, async (c) => {
    const actor = c.get("actor");
    const before = c.req.query("before")?.slice(0, 32) || undefined;
    const detail = await getDependency({
      ctx: { deps: ctx.deps, actor },
      input: { id: c.req.param("id"), historyLimit: 50, historyBefore: before },
    });
    return consolePage(
      c,
      detail.dependency.name,
      <DependencyDetailPage
        detail={detail}
        components={await loadComponents(ctx.deps)}
        canEdit={hasRole(actor, "editor")}
        csrfToken={c.get("csrfToken")}
      />,
    );
  });

  app.post("/dependencies/:id/check", editor, async (c) => {
    const id = c.req.param("id");
    try {
      const { dependency } = await requestCheck({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { id },
      });
      return redirectWithNotice(
        c,
        `/admin/dependencies/${id}`,
        `${dependency.name} is being checked; reload in a few seconds.`,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === "conflict")
        return redirectWithNotice(c, `/admin/dependencies/${id}`, error.message, "error");
      throw error;
    }
  });

  app.get("/dependencies/:id/delete", editor, async (c) => {
    const { dependency } = await getDependency({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), historyLimit: 1 },
    });
    return consolePage(
      c,
      `Delete ${dependency.name}?`,
      <DeleteDependency id={dependency.id} name={dependency.name} csrfToken={c.get("csrfToken")} />,
    );
  });

  app.post("/dependencies/:id/delete", editor, async (c) => {
    const { dependency } = await getDependency({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), historyLimit: 1 },
    });
    await deleteDependency({ ctx: { deps: ctx.deps, actor: c.get("actor") }, input: { id: dependency.id } });
    return redirectWithNotice(c, "/admin/dependencies", `${dependency.name} is no longer watched.`);
  });

  app.post("/oncall", editor, async (c) => {
    const form = await readForm(c);
    const values = { name: form("name"), email: form("email").trim() };
    try {
      const row = await createOncallContact({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: parseForm(createOncallContactInput, values),
      });
      return redirectWithNotice(
        c,
        "/admin/dependencies",
        `${row.name} will be alerted when a provider degrades.`,
      );
    } catch (error) {
      return refusedForm(error, (errors, status) => list(c, { values, errors }, status));
    }
  });

  app.post("/oncall/:id/delete", editor, async (c) => {
    await deleteOncallContact({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id") },
    });
    return redirectWithNotice(c, "/admin/dependencies", "The contact is removed.");
  });
  return app;
}
