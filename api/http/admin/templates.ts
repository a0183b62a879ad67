import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";
import { localeSchema } from "../../domain/schemas.ts";
import {
  emailRowsOf,
  listEmailOverrides,
  resetOverrides,
  saveOverrides,
  type TemplatePartName,
} from "../../domain/templates/template-overrides.ts";
import { type TemplateKey, type TemplateRenderer, templateKeys } from "../../templates/index.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const tag = "Templates";
const params = z.object({
  key: z
    .enum(templateKeys as [TemplateKey, ...TemplateKey[]])
    .meta({ param: { name: "key", in: "path" }, description: "Which email" }),
  locale: localeSchema.meta({ param: { name: "locale", in: "path" }, description: "Which language" }),
});
const source = z.string().max(100_000);
const sourcesInput = z
  .strictObject({ subject: source.optional(), html: source.optional(), text: source.optional() })
  .meta({ id: "TemplateSources", description: "Liquid sources; each one replaces that part of the email" });
const renderedSchema = z
  .object({ subject: z.string(), html: z.string(), text: z.string() })
  .meta({ id: "RenderedEmail" });
const templateListSchema = z
  .object({
    templates: z.array(
      z.object({
        key: z.string(),
        locale: localeSchema,
        overridden: z.array(z.enum(["subject", "html", "text"])),
      }),
    ),
  })
  .meta({ id: "TemplateList" });

export interface TemplateRouteOptions extends AdminContext {
  renderer: TemplateRenderer;
}

/** Admin-editable email templates: list, override (checked by the parser), reset, preview. */
export function templateRoutes({ deps, renderer }: TemplateRouteOptions) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  const validate = (_part: TemplatePartName, text: string) => renderer.validateTemplate(text);
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/templates",
        tag,
        role: "viewer",
        operationId: "listTemplates",
        summary: "Every email template and which parts an admin changed",
        responses: { 200: jsonResponse(templateListSchema, "Templates") },
      }),
      async (c) => {
        const rows = await listEmailOverrides({ ctx: { deps } });
        const templates = templateKeys.flatMap((key) =>
          (["en", "fr"] as const).map((locale) => ({
            key,
            locale,
            overridden: rows.filter((r) => r.key === key && r.locale === locale).map((r) => r.part),
          })),
        );
        return c.json({ templates }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "put",
        path: "/templates/{key}/{locale}",
        tag,
        role: "editor",
        operationId: "overrideTemplate",
        summary:
          "Replace parts of an email template; a source that does not parse, or renders the sample message slowly, is refused with why",
        request: { params, ...jsonBody(sourcesInput) },
        responses: { 200: jsonResponse(renderedSchema, "A preview with sample data") },
      }),
      async (c) => {
        const { key, locale } = c.req.valid("param");
        const sources = c.req.valid("json");
        const speed = renderer.checkSpeed(key, locale, sources);
        if (!speed.ok) throw new DomainError("invalid_input", speed.message);
        const rows = await saveOverrides({
          ctx: { deps, actor: c.get("actor"), validate },
          input: { key, locale, sources },
        });
        for (const row of emailRowsOf(rows))
          renderer.setOverride({ key, locale, part: row.part, source: row.source });
        const preview = renderer.preview(key, locale);
        if (!preview.ok) throw new DomainError("invalid_input", preview.message);
        return c.json(preview.email, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/templates/{key}/{locale}",
        tag,
        role: "editor",
        operationId: "resetTemplate",
        summary: "Go back to the built-in template",
        request: { params },
        responses: { 204: { description: "Reset" } },
      }),
      async (c) => {
        const { key, locale } = c.req.valid("param");
        const removed = await resetOverrides({
          ctx: { deps, actor: c.get("actor") },
          input: { key, locale },
        });
        for (const row of emailRowsOf(removed)) renderer.removeOverride(key, locale, row.part);
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/templates/{key}/{locale}/preview",
        tag,
        role: "editor",
        operationId: "previewTemplate",
        summary: "Render a template with sample data, optionally with unsaved sources",
        request: {
          params,
          body: { content: { "application/json": { schema: sourcesInput } }, required: false },
        },
        responses: { 200: jsonResponse(renderedSchema, "The rendered email") },
      }),
      async (c) => {
        const { key, locale } = c.req.valid("param");
        const preview = renderer.preview(key, locale, c.req.valid("json") ?? {});
        if (!preview.ok)
          throw new DomainError("invalid_input", `The template does not render: ${preview.message}`);
        return c.json(preview.email, 200);
      },
    );
}
