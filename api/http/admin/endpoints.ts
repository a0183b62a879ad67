import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { addEndpoint } from "../../domain/subscribers/add-endpoint.ts";
import { addEndpointInput } from "../../domain/subscribers/schemas.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const endpointSchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    url: z.string(),
    state: z.literal("active"),
    secret: z.string().optional().meta({ description: "Webhooks: the signing secret, shown only here" }),
    manage_token: z.string(),
  })
  .meta({ id: "AddedEndpoint" });

/**
 * Webhook and chat endpoints an admin adds: active at once, without the verification request a
 * public webhook subscription needs, and allowed to reach private addresses when the page allows it.
 */
export function endpointRoutes({ deps }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app.openapi(
    adminRoute({
      method: "post",
      path: "/subscribers/endpoints",
      tag: "Notifications",
      role: "editor",
      operationId: "addEndpoint",
      summary: "Add a webhook or chat endpoint (active at once; may be private with allow_private_targets)",
      request: jsonBody(addEndpointInput),
      responses: { 201: jsonResponse(endpointSchema, "The endpoint, with its secret for a webhook") },
    }),
    async (c) => {
      const added = await addEndpoint({ ctx: { deps, actor: c.get("actor") }, input: c.req.valid("json") });
      return c.json(
        {
          id: added.id,
          channel: added.channel,
          url: added.url,
          state: "active" as const,
          ...(added.secret && { secret: added.secret }),
          manage_token: added.manageToken,
        },
        201,
      );
    },
  );
}
