import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type CatalogEntry, findCatalogEntry, searchCatalog } from "../../domain/dependencies/catalog.ts";
import { createDependency } from "../../domain/dependencies/create-dependency.ts";
import { getDependency } from "../../domain/dependencies/get-dependency.ts";
import { createDependencyInput, updateDependencyInput } from "../../domain/dependencies/schemas.ts";
import { updateDependency } from "../../domain/dependencies/update-dependency.ts";
import { notFound } from "../../domain/errors.ts";
import { loadComponents } from "../../domain/read/load-page.ts";
import { consolePage, parseForm, readForm, redirectWithNotice, refusedForm } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { CatalogSearch, DependencyForm } from "./form.tsx";
import {
  type DependencyValues,
  dependencyInput,
  emptyImpact,
  formFieldErrors,
  maxImpactRows,
  readDependencyForm,
  valuesOfDependency,
} from "./input.ts";
import { initialSourceFields } from "./source-fields.ts";

type C = Context<ConsoleEnv>;

const catalogPage = 20;

const newValues = (entry: CatalogEntry | undefined): DependencyValues => ({
  name: "",
  catalog_id: entry?.id ?? "",
  source_kind: "statuspage",
  source_fields: initialSourceFields("statuspage"),
  source_config: "",
  policy: "draft",
  poll_interval_seconds: "60",
  enabled: true,
  shown_on_page: false,
  description: "",
  impacts: [emptyImpact()],
});

const pickedEntry = (id: string | undefined) => {
  if (!id) return undefined;
  const entry = findCatalogEntry(id);
  if (!entry) throw notFound("Catalog entry", id);
  return entry;
};

/** Adding a dependency (from the catalog or a custom source) and changing one, impacts included. */
export function dependencyEditingRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const editor = requireConsoleRole("editor");

  const newPage = async (c: C, values: DependencyValues, errors = {}, status: ContentfulStatusCode = 200) => {
    const q = (c.req.query("q") ?? "").slice(0, 200);
    const offset = Math.min(Math.max(Number.parseInt(c.req.query("offset") ?? "0", 10) || 0, 0), 100_000);
    const found = searchCatalog({ q, limit: catalogPage, offset });
    const entry = pickedEntry(values.catalog_id);
    return consolePage(
      c,
      "Add a dependency",
      <>
        {/* After a post the form comes first: its errors, not the catalog, are what to read. */}
        {!entry && c.req.method === "GET" && (
          <CatalogSearch q={q} entries={found.entries} total={found.total} offset={offset} />
        )}
        <DependencyForm
          values={values}
          entry={entry}
          components={await loadComponents(ctx.deps)}
          errors={errors}
          csrfToken={c.get("csrfToken")}
        />
      </>,
      { status, script: true },
    );
  };

  const editPage = async (
    c: C,
    id: string,
    name: string,
    values: DependencyValues,
    errors = {},
    status: ContentfulStatusCode = 200,
  ) =>
    consolePage(
      c,
      `Edit ${name}`,
      <DependencyForm
        id={id}
        values={values}
        components={await loadComponents(ctx.deps)}
        errors={errors}
        csrfToken={c.get("csrfToken")}
      />,
      { status, script: true },
    );

  /** "Add an impact row" sends the form back with one more row; nothing is saved. */
  const withRow = (values: DependencyValues) =>
    values.impacts.length < maxImpactRows
      ? { ...values, impacts: [...values.impacts, emptyImpact()] }
      : values;

  /**
   * "Show this kind's fields" sends the form back with the fields of the kind now selected, at their
   * defaults but for those typed under the same name; nothing is saved.
   */
  const withKind = (values: DependencyValues, typed: (name: string) => string): DependencyValues =>
    typed("shown_kind") === values.source_kind
      ? values
      : {
          ...values,
          source_fields: Object.fromEntries(
            Object.entries(initialSourceFields(values.source_kind)).map(([name, initial]) => [
              name,
              typed(`src_${name}`) || initial,
            ]),
          ),
        };

  app.get("/dependencies/new", editor, (c) => newPage(c, newValues(pickedEntry(c.req.query("catalog")))));

  app.post("/dependencies", editor, async (c) => {
    const form = await readForm(c);
    const values = readDependencyForm(form);
    if (form("intent") === "add_impact") return newPage(c, withRow(values));
    if (form("intent") === "choose_kind") return newPage(c, withKind(values, form));
    let rows: number[] = [];
    try {
      const parsed = dependencyInput(values);
      rows = parsed.rows;
      const created = await createDependency({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: parseForm(createDependencyInput, parsed.input),
      });
      const { id, name } = created.dependency;
      return redirectWithNotice(
        c,
        `/admin/dependencies/${id}`,
        `${name} is watched; its first check runs now.`,
      );
    } catch (error) {
      return refusedForm(error, (errors, status) =>
        newPage(c, values, formFieldErrors(errors, rows, values), status),
      );
    }
  });

  app.get("/dependencies/:id/edit", editor, async (c) => {
    const detail = await getDependency({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), historyLimit: 1 },
    });
    const values = valuesOfDependency(detail);
    return editPage(
      c,
      detail.dependency.id,
      detail.dependency.name,
      values.impacts.length ? values : withRow(values),
    );
  });

  app.post("/dependencies/:id", editor, async (c) => {
    const detail = await getDependency({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), historyLimit: 1 },
    });
    const { id, name } = detail.dependency;
    const form = await readForm(c);
    const values = { ...readDependencyForm(form), catalog_id: "" };
    if (form("intent") === "add_impact") return editPage(c, id, name, withRow(values));
    if (form("intent") === "choose_kind") return editPage(c, id, name, withKind(values, form));
    let rows: number[] = [];
    try {
      const parsed = dependencyInput(values);
      rows = parsed.rows;
      const saved = await updateDependency({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { ...parseForm(updateDependencyInput, parsed.input), id },
      });
      return redirectWithNotice(c, `/admin/dependencies/${id}`, `${saved.dependency.name} is saved.`);
    } catch (error) {
      return refusedForm(error, (errors, status) =>
        editPage(c, id, name, values, formFieldErrors(errors, rows, values), status),
      );
    }
  });
  return app;
}
