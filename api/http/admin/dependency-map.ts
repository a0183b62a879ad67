import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { searchCatalog } from "../../domain/dependencies/catalog.ts";
import { getDependencyMap } from "../../domain/dependencies/get-dependency-map.ts";
import { renderDependencyMapSvg } from "../../shapes/dependency-map-svg.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { dependencyTag as tag } from "./dependencies.ts";
import {
  catalogEntrySchema,
  catalogEntryShape,
  dependencyMapSchema,
  dependencyMapShape,
} from "./dependency-shapes.ts";
import { adminRoute, jsonResponse, nullable, pageLimit } from "./openapi-helpers.ts";

/** The catalog of ready-made sources, and the map of what depends on what. */
export function dependencyMapRoutes({ deps }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/dependency-catalog",
        tag,
        role: "viewer",
        operationId: "searchDependencyCatalog",
        summary:
          "Search the built-in providers (AWS, GCP, Azure, Stripe, GitHub, …) by name, service or region",
        request: {
          query: z.object({
            q: z.string().max(200).optional().meta({
              description: "Words that must all match, e.g. `ec2 paris`",
              example: "aws ec2 eu-west-3",
            }),
            limit: pageLimit(50),
            offset: z.coerce
              .number({ error: "must be a whole number from 0" })
              .int()
              .min(0)
              .max(100_000)
              .default(0)
              .meta({ description: "Skip this many matches (the `next_offset` of the previous page)" }),
          }),
        },
        responses: {
          200: jsonResponse(
            z.object({
              entries: z.array(catalogEntrySchema),
              total: z.int().meta({ description: "Matches in all" }),
              next_offset: nullable(z.int()).meta({ description: "Pass as `offset`; null at the end" }),
            }),
            "One page of matching entries; pass an `id` as `catalog_id` to POST /api/admin/dependencies",
          ),
        },
      }),
      (c) => {
        const query = c.req.valid("query");
        const { entries, total } = searchCatalog(query);
        const end = query.offset + entries.length;
        return c.json(
          { entries: entries.map(catalogEntryShape), total, next_offset: end < total ? end : null },
          200,
        );
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/dependency-map",
        tag,
        role: "viewer",
        operationId: "getDependencyMap",
        summary: "Components, dependencies and impacts, with the single points of failure",
        responses: { 200: jsonResponse(dependencyMapSchema, "The dependency map") },
      }),
      async (c) =>
        c.json(dependencyMapShape(await getDependencyMap({ ctx: { deps, actor: c.get("actor") } })), 200),
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/dependency-map.svg",
        tag,
        role: "viewer",
        operationId: "getDependencyMapSvg",
        summary: "The dependency map as an SVG picture",
        responses: {
          200: {
            description: "Components on the left, providers on the right; single points of failure in red",
            content: { "image/svg+xml": { schema: z.string() } },
          },
        },
      }),
      async (c) => {
        const svg = renderDependencyMapSvg(await getDependencyMap({ ctx: { deps, actor: c.get("actor") } }));
        return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
      },
    );
}
