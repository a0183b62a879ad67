import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import type { Role } from "../../domain/types.ts";
import { requireRole } from "../../web/auth.ts";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "invalid_input" }),
      message: z.string().meta({ example: "Invalid request body: name: must not be empty or blank" }),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

/**
 * `schema` or null. Use this, not `.nullable()`, on a schema with an `id`: the generator documents
 * `X.nullable()` as a bare `$ref` to X (or `allOf` with X), so the document would forbid the null.
 */
export const nullable = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorSchema } },
});

/** The errors a route can answer, from what it accepts: only those are listed in the document. */
export function errorResponses(request: RouteConfig["request"], method: RouteConfig["method"]) {
  const body = request?.body !== undefined;
  return {
    ...(body && { 400: errorResponse("Malformed JSON") }),
    401: errorResponse("Missing, unknown or revoked API token"),
    403: errorResponse("The token's role is too low for this route"),
    ...(request?.params && { 404: errorResponse("Unknown id") }),
    ...(method !== "get" && { 409: errorResponse("The change conflicts with the current state") }),
    ...(body && { 413: errorResponse("The body is larger than 1 MB") }),
    ...(body && { 415: errorResponse("The body is not sent as Content-Type: application/json") }),
    ...((body || request?.params || request?.query) && {
      422: errorResponse("Invalid input; the message names each field to fix"),
    }),
  };
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A list's `limit` query parameter: 1 to 500, `fallback` when absent. */
export const pageLimit = (fallback: number) =>
  z.coerce
    .number({ error: "must be a whole number from 1 to 500" })
    .int()
    .min(1)
    .max(500)
    .default(fallback)
    .meta({ description: `At most this many (default ${fallback})` });

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
    responses: { ...errorResponses(rest.request, rest.method), ...responses },
  }) as unknown as Omit<C, "role" | "tag"> & { getRoutingPath(): string };
}
