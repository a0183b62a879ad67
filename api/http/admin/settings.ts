import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { listAuditLog } from "../../domain/audit/list-audit-log.ts";
import { nameSchema, roleSchema } from "../../domain/schemas.ts";
import { getSettings } from "../../domain/settings/get-settings.ts";
import { updateSettingsInput } from "../../domain/settings/schemas.ts";
import { updateSettings } from "../../domain/settings/update-settings.ts";
import { createToken, listTokens, revokeToken } from "../../domain/tokens/tokens.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, idParams, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { auditEntrySchema, createdTokenSchema, settingsSchema, tokenSchema } from "./response-schemas.ts";

const createTokenInput = z
  .strictObject({
    name: nameSchema.meta({ example: "ci-deploys" }),
    role: roleSchema.optional().meta({ description: "Default editor" }),
  })
  .meta({ id: "CreateTokenInput" });

const auditQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a whole number from 1 to 500" })
    .int()
    .min(1)
    .max(500)
    .default(100)
    .meta({ description: "At most this many (default 100)" }),
  before: z.coerce
    .number({ error: "must be an audit entry id (a whole number)" })
    .int()
    .min(1)
    .optional()
    .meta({ description: "Entries older than this id (paging)" }),
  entity_type: z
    .string()
    .max(64)
    .optional()
    .meta({ description: "Only entries about this kind of entity", example: "incident" }),
  entity_id: z
    .string()
    .max(64)
    .optional()
    .meta({ description: "Only entries about this entity", example: "inc_8f2k1w0q9z7x3m4n" }),
});

export function settingsRoutes({ deps, shapes, publishPolicy }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/settings",
        tag: "Settings",
        role: "viewer",
        operationId: "getSettings",
        summary: "The page's settings",
        responses: { 200: jsonResponse(settingsSchema, "Settings") },
      }),
      async (c) => c.json(shapes.settings(await getSettings(deps)), 200),
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/settings",
        tag: "Settings",
        role: "owner",
        operationId: "updateSettings",
        summary: "Change the page's name, URL, time zone, locales, branding or outbound policy",
        request: jsonBody(updateSettingsInput),
        responses: { 200: jsonResponse(settingsSchema, "Settings after the change") },
      }),
      async (c) =>
        c.json(
          shapes.settings(
            await updateSettings({
              ctx: { deps, actor: c.get("actor"), publishPolicy },
              input: c.req.valid("json"),
            }),
          ),
          200,
        ),
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/tokens",
        tag: "Tokens",
        role: "owner",
        operationId: "listTokens",
        summary: "List API tokens (never their secrets)",
        responses: { 200: jsonResponse(z.object({ tokens: z.array(tokenSchema) }), "Tokens") },
      }),
      async (c) =>
        c.json(
          { tokens: (await listTokens({ ctx: { deps, actor: c.get("actor") } })).map(shapes.token) },
          200,
        ),
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/tokens",
        tag: "Tokens",
        role: "owner",
        operationId: "createToken",
        summary: "Create an API token; the secret is in this response only",
        request: jsonBody(createTokenInput),
        responses: { 201: jsonResponse(createdTokenSchema, "The token and its secret") },
      }),
      async (c) => {
        const input = c.req.valid("json");
        const created = await createToken({
          ctx: { deps, actor: c.get("actor") },
          input: {
            name: input.name,
            role: input.role ?? "editor",
          },
        });
        return c.json({ token: created.token, info: shapes.token(created.info) }, 201);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/tokens/{id}",
        tag: "Tokens",
        role: "owner",
        operationId: "revokeToken",
        summary: "Revoke a token at once",
        request: { params: idParams("Token", "tok_8f2k1w0q9z7x3m4n") },
        responses: { 200: jsonResponse(tokenSchema, "The revoked token") },
      }),
      async (c) =>
        c.json(
          shapes.token(
            await revokeToken({
              ctx: { deps, actor: c.get("actor") },
              input: { id: c.req.valid("param").id },
            }),
          ),
          200,
        ),
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/audit-log",
        tag: "Audit",
        role: "editor",
        operationId: "listAuditLog",
        summary: "Who changed what and when, newest first",
        request: { query: auditQuery },
        responses: { 200: jsonResponse(z.object({ entries: z.array(auditEntrySchema) }), "Audit entries") },
      }),
      async (c) => {
        const rows = await listAuditLog({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("query"),
        });
        return c.json({ entries: rows.map(shapes.audit) }, 200);
      },
    );
}
