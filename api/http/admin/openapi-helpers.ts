import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import type { Role } from "../../domain/types.ts";
import { requireRole } from "../middleware/auth.ts";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_input" }),
      message: z.string().meta({ example: "Invalid request body: name: must not be empty" }),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorSchema } },
});

export const commonErrors = {
  400: errorResponse("Malformed JSON"),
  401: errorResponse("Missing, unknown or revoked API token"),
  403: errorResponse("The token's role is too low for this route"),
  404: errorResponse("Unknown id"),
  409: errorResponse("The change conflicts with the current state"),
  422: errorResponse("Invalid input; the message names each field to fix"),
};

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const idParams = (name: string, example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .meta({ param: { name: "id", in: "path" }, description: `${name} id`, example }),
  });

type AdminRouteConfig = Omit<RouteConfig, "responses"> & {
  role: Role;
  responses: RouteConfig["responses"];
  tag: string;
};

/**
 * An admin route: bearer auth in the document, the role enforced before the handler, and the common
 * error responses listed. The required role is stated in the description.
 */
export function adminRoute<const C extends AdminRouteConfig>(config: C) {
  const { role, tag, responses, ...rest } = config;
  return createRoute({
    ...rest,
    tags: [tag],
    security: [{ bearerAuth: [] }],
    description: `${rest.description ?? rest.summary ?? ""}\n\nRequires the **${role}** role.`.trim(),
    middleware: [requireRole(role)] as const,
    responses: { ...commonErrors, ...responses },
  }) as unknown as Omit<C, "role" | "tag"> & { getRoutingPath(): string };
}
