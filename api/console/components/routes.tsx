import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { hasRole } from "../../domain/authorize.ts";
import { createComponent } from "../../domain/components/create-component.ts";
import { createGroup } from "../../domain/components/create-group.ts";
import { deleteComponent } from "../../domain/components/delete-component.ts";
import { moveComponent } from "../../domain/components/move-component.ts";
import {
  createComponentInput,
  createGroupInput,
  updateComponentInput,
  updateGroupInput,
} from "../../domain/components/schemas.ts";
import { updateComponent } from "../../domain/components/update-component.ts";
import { updateGroup } from "../../domain/components/update-group.ts";
import { notFound } from "../../domain/errors.ts";
import { loadComponents } from "../../domain/read/load-page.ts";
import { checked, consolePage, parseForm, readForm, redirectWithNotice, refusedForm } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { ComponentForm, type ComponentValues, DeleteConfirmation, emptyValues, valuesOf } from "./form.tsx";
import { ComponentsPage, type ComponentsPageProps } from "./view.tsx";

type C = Context<ConsoleEnv>;

const formValues = async (c: C): Promise<ComponentValues> => {
  const form = await readForm(c);
  return {
    name: form("name"),
    description: form("description"),
    "name_translations.fr": form("name_translations.fr"),
    "description_translations.fr": form("description_translations.fr"),
    group_id: form("group_id"),
    status: form("status"),
    showcase: checked(form("showcase")),
    only_show_if_degraded: checked(form("only_show_if_degraded")),
  };
};

/** A translation typed in the form; blank means none. */
const french = (text: string) => (text.trim() === "" ? {} : { fr: text });

/** The domain's input from the form: blank text means none. */
const componentInput = (v: ComponentValues) => ({
  name: v.name,
  description: v.description.trim() === "" ? null : v.description,
  name_translations: french(v["name_translations.fr"]),
  description_translations: french(v["description_translations.fr"]),
  group_id: v.group_id === "" ? null : v.group_id,
  status: v.status,
  showcase: v.showcase,
  only_show_if_degraded: v.only_show_if_degraded,
});

/** Components and groups: list in page order, create, edit, move, delete. */
export function componentRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const viewer = requireConsoleRole("viewer");
  const editor = requireConsoleRole("editor");

  const list = async (c: C, group?: ComponentsPageProps["group"]) =>
    consolePage(
      c,
      "Components",
      <ComponentsPage
        rows={await loadComponents(ctx.deps)}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
        group={group}
      />,
      { status: group ? 422 : 200 },
    );

  const find = async (id: string) => {
    const rows = await loadComponents(ctx.deps);
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound("Component", id);
    return { row, groups: rows.filter((r) => r.isGroup) };
  };

  const form = async (
    c: C,
    id: string | undefined,
    values: ComponentValues,
    errors = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const { row, groups } = id
      ? await find(id)
      : { row: undefined, groups: (await loadComponents(ctx.deps)).filter((r) => r.isGroup) };
    const title = row ? `Edit ${row.isGroup ? "group" : "component"} ${row.name}` : "Add a component";
    return consolePage(
      c,
      title,
      <ComponentForm
        id={id}
        isGroup={row?.isGroup ?? false}
        values={values}
        groups={groups}
        errors={errors}
        csrfToken={c.get("csrfToken")}
      />,
      { status },
    );
  };

  app.get("/components", viewer, (c) => list(c));
  app.get("/components/new", editor, (c) => form(c, undefined, emptyValues));

  app.post("/components", editor, async (c) => {
    const values = await formValues(c);
    try {
      const input = parseForm(createComponentInput, componentInput(values));
      const row = await createComponent({ ctx: { deps: ctx.deps, actor: c.get("actor") }, input });
      return redirectWithNotice(c, "/admin/components", `${row.name} is on the page.`);
    } catch (error) {
      return refusedForm(error, (errors, status) => form(c, undefined, values, errors, status));
    }
  });

  app.post("/components/groups", editor, async (c) => {
    const f = await readForm(c);
    const values = { name: f("name"), description: f("description") };
    try {
      const input = parseForm(createGroupInput, {
        name: values.name,
        description: values.description.trim() === "" ? null : values.description,
      });
      const row = await createGroup({ ctx: { deps: ctx.deps, actor: c.get("actor") }, input });
      return redirectWithNotice(c, "/admin/components", `The group ${row.name} is on the page.`);
    } catch (error) {
      return refusedForm(error, (errors) => list(c, { values, errors }));
    }
  });

  app.get("/components/:id", editor, async (c) => {
    const { row } = await find(c.req.param("id"));
    return form(c, row.id, valuesOf(row));
  });

  app.post("/components/:id", editor, async (c) => {
    const { row } = await find(c.req.param("id"));
    const values = await formValues(c);
    try {
      const input = componentInput(values);
      if (row.isGroup)
        await updateGroup({
          ctx: { deps: ctx.deps, actor: c.get("actor") },
          input: {
            ...parseForm(updateGroupInput, {
              name: input.name,
              description: input.description,
              name_translations: input.name_translations,
              description_translations: input.description_translations,
            }),
            id: row.id,
          },
        });
      else
        await updateComponent({
          ctx: { deps: ctx.deps, actor: c.get("actor") },
          input: { ...parseForm(updateComponentInput, input), id: row.id },
        });
      return redirectWithNotice(c, "/admin/components", `${values.name.trim()} is saved.`);
    } catch (error) {
      return refusedForm(error, (errors, status) => form(c, row.id, values, errors, status));
    }
  });

  app.post("/components/:id/move", editor, async (c) => {
    const direction = (await readForm(c))("direction");
    if (direction !== "up" && direction !== "down")
      return redirectWithNotice(c, "/admin/components", "Move it up or down.", "error");
    const moved = await moveComponent({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), direction },
    });
    return redirectWithNotice(
      c,
      "/admin/components",
      moved ? `Moved ${direction}.` : `It is already ${direction === "up" ? "first" : "last"}.`,
      moved ? "ok" : "error",
    );
  });

  app.get("/components/:id/delete", editor, async (c) => {
    const { row } = await find(c.req.param("id"));
    return consolePage(
      c,
      `Delete ${row.name}?`,
      <DeleteConfirmation row={row} csrfToken={c.get("csrfToken")} />,
    );
  });

  app.post("/components/:id/delete", editor, async (c) => {
    const { row } = await find(c.req.param("id"));
    await deleteComponent({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: row.id, kind: row.isGroup ? "group" : "component" },
    });
    return redirectWithNotice(c, "/admin/components", `${row.name} is deleted.`);
  });
  return app;
}
