import { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  createOncallContact,
  type OncallContactRow,
} from "../../domain/dependencies/create-oncall-contact.ts";
import { deleteOncallContact } from "../../domain/dependencies/delete-oncall-contact.ts";
import { listOncallContacts } from "../../domain/dependencies/list-oncall-contacts.ts";
import { createOncallContactInput } from "../../domain/dependencies/schemas.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { dependencyTag as tag } from "./dependencies.ts";
import { oncallContactSchema } from "./dependency-shapes.ts";
import { adminRoute, idParams, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const shape = (row: OncallContactRow) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  created_at: row.createdAt.toISOString(),
});

/** The people the monitor alerts when a dependency degrades (not the page's subscribers). */
export function oncallContactRoutes({ deps }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });
  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/oncall-contacts",
        tag,
        role: "viewer",
        operationId: "listOncallContacts",
        summary: "List the on-call contacts alerted when a dependency degrades",
        responses: {
          200: jsonResponse(z.object({ contacts: z.array(oncallContactSchema) }), "Every on-call contact"),
        },
      }),
      async (c) =>
        c.json(
          { contacts: (await listOncallContacts({ ctx: { deps, actor: c.get("actor") } })).map(shape) },
          200,
        ),
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/oncall-contacts",
        tag,
        role: "editor",
        operationId: "createOncallContact",
        summary: "Add an on-call contact",
        request: jsonBody(createOncallContactInput),
        responses: { 201: jsonResponse(oncallContactSchema, "The new contact") },
      }),
      async (c) =>
        c.json(
          shape(
            await createOncallContact({ ctx: { deps, actor: c.get("actor") }, input: c.req.valid("json") }),
          ),
          201,
        ),
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/oncall-contacts/{id}",
        tag,
        role: "editor",
        operationId: "deleteOncallContact",
        summary: "Remove an on-call contact",
        request: { params: idParams("On-call contact", "onc_8f2k1w0q9z7x3m4n") },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteOncallContact({
          ctx: { deps, actor: c.get("actor") },
          input: { id: c.req.valid("param").id },
        });
        return c.body(null, 204);
      },
    );
}
