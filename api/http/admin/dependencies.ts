import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { createDependency } from "../../domain/dependencies/create-dependency.ts";
import { deleteDependency } from "../../domain/dependencies/delete-dependency.ts";
import { getDependency } from "../../domain/dependencies/get-dependency.ts";
import { listDependencies } from "../../domain/dependencies/list-dependencies.ts";
import { requestCheck } from "../../domain/dependencies/request-check.ts";
import { createDependencyInput, updateDependencyInput } from "../../domain/dependencies/schemas.ts";
import { updateDependency } from "../../domain/dependencies/update-dependency.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import {
  dependencyDetailSchema,
  dependencyDetailShape,
  dependencySchema,
  dependencyShape,
} from "./dependency-shapes.ts";
import { adminRoute, idParams, jsonBody, jsonResponse, nullable, pageLimit } from "./openapi-helpers.ts";

export const dependencyTag = "Dependencies";
const tag = dependencyTag;
const dependencyId = idParams("Dependency", "dep_8f2k1w0q9z7x3m4n");

export function dependencyRoutes({ deps }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/dependencies",
        tag,
        role: "viewer",
        operationId: "listDependencies",
        summary: "List the providers we depend on, with their state and impacts",
        request: {
          query: z.object({
            limit: pageLimit(100),
            after: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .meta({ description: "The `next_cursor` of the previous page" }),
          }),
        },
        responses: {
          200: jsonResponse(
            z.object({
              dependencies: z.array(dependencySchema),
              next_cursor: nullable(z.string()).meta({ description: "Pass as `after`; null at the end" }),
            }),
            "One page of dependencies, in id order",
          ),
        },
      }),
      async (c) => {
        const page = await listDependencies({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("query"),
        });
        return c.json(
          { dependencies: page.dependencies.map(dependencyShape), next_cursor: page.nextCursor },
          200,
        );
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/dependencies",
        tag,
        role: "editor",
        operationId: "createDependency",
        summary: "Watch a provider (a `source`, or a `catalog_id` from the catalog) and say what it breaks",
        request: jsonBody(createDependencyInput),
        responses: { 201: jsonResponse(dependencySchema, "The new dependency; it is checked at once") },
      }),
      async (c) => {
        const created = await createDependency({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("json"),
        });
        return c.json(dependencyShape(created), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/dependencies/{id}",
        tag,
        role: "viewer",
        operationId: "getDependency",
        summary: "Get a dependency: state, upstream incidents, last check and error, impacts, history",
        request: {
          params: dependencyId,
          query: z.object({
            history_limit: pageLimit(50),
            history_before: z
              .string()
              .regex(/^\d{1,15}$/, "must be the `history_next_cursor` of the previous page")
              .optional()
              .meta({ description: "The `history_next_cursor` of the previous page" }),
          }),
        },
        responses: { 200: jsonResponse(dependencyDetailSchema, "The dependency and a page of its history") },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const detail = await getDependency({
          ctx: { deps, actor: c.get("actor") },
          input: {
            id: c.req.valid("param").id,
            historyLimit: query.history_limit,
            historyBefore: query.history_before,
          },
        });
        return c.json(dependencyDetailShape(detail), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/dependencies/{id}",
        tag,
        role: "editor",
        operationId: "updateDependency",
        summary: "Change a dependency; `impacts` replaces the whole list",
        request: { params: dependencyId, ...jsonBody(updateDependencyInput) },
        responses: { 200: jsonResponse(dependencySchema, "The dependency after the change") },
      }),
      async (c) => {
        const updated = await updateDependency({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(dependencyShape(updated), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/dependencies/{id}",
        tag,
        role: "editor",
        operationId: "deleteDependency",
        summary: "Stop watching a provider (its history goes; incidents it opened stay)",
        request: { params: dependencyId },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteDependency({
          ctx: { deps, actor: c.get("actor") },
          input: { id: c.req.valid("param").id },
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/dependencies/{id}/check",
        tag,
        role: "editor",
        operationId: "checkDependency",
        summary: "Check a dependency now rather than at its next poll",
        request: { params: dependencyId },
        responses: {
          202: jsonResponse(
            dependencySchema,
            "The check is due now; read the dependency again for its result",
          ),
        },
      }),
      async (c) => {
        const due = await requestCheck({
          ctx: { deps, actor: c.get("actor") },
          input: { id: c.req.valid("param").id },
        });
        return c.json(dependencyShape(due), 202);
      },
    );
}
