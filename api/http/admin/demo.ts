import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { removeDemo } from "../../domain/demo/remove-demo.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, errorSchema, jsonResponse } from "./openapi-helpers.ts";

const removedSchema = z
  .object({
    components: z.array(z.string()).meta({ description: "Ids of the demo's components and groups removed" }),
    incidents: z
      .array(z.string())
      .meta({ description: "Ids of the demo's incidents and maintenances removed" }),
  })
  .meta({ id: "RemovedDemo" });

export function demoRoutes({ deps }: AdminContext) {
  return new OpenAPIHono<AdminEnv>({ defaultHook }).openapi(
    adminRoute({
      method: "delete",
      path: "/demo",
      tag: "Settings",
      role: "owner",
      operationId: "removeDemo",
      summary: "Remove the demo data",
      description:
        "Removes exactly what the demo created (components, groups, incidents, maintenances, their updates, history and events); the page is rebuilt.",
      responses: {
        200: jsonResponse(removedSchema, "What was removed"),
        404: jsonResponse(errorSchema, "No demo data is left"),
      },
    }),
    async (c) => c.json(await removeDemo({ ctx: { deps, actor: c.get("actor") } }), 200),
  );
}
