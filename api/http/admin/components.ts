import { OpenAPIHono } from "@hono/zod-openapi";
import { createComponent } from "../../domain/components/create-component.ts";
import { createGroup } from "../../domain/components/create-group.ts";
import { deleteComponent } from "../../domain/components/delete-component.ts";
import { reorderComponents } from "../../domain/components/reorder-components.ts";
import {
  createComponentInput,
  createGroupInput,
  reorderComponentsInput,
  updateComponentInput,
  updateGroupInput,
} from "../../domain/components/schemas.ts";
import { updateComponent } from "../../domain/components/update-component.ts";
import { updateGroup } from "../../domain/components/update-group.ts";
import { notFound } from "../../domain/errors.ts";
import type { AdminEnv } from "../../web/auth.ts";
import { defaultHook } from "../validation.ts";
import type { AdminContext } from "./admin-context.ts";
import { adminRoute, idParams, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { componentListSchema, componentSchema } from "./response-schemas.ts";

const tag = "Components";
const componentId = idParams("Component", "cmp_8f2k1w0q9z7x3m4n");
const groupId = idParams("Component group", "cmp_0a1b2c3d4e5f6g7h");

export function componentRoutes({ deps, shapes }: AdminContext) {
  const app = new OpenAPIHono<AdminEnv>({ defaultHook });

  const findShape = async (id: string, group: boolean) => {
    const shape = (await shapes.components()).find((c) => c.id === id && c.group === group);
    if (!shape) throw notFound(group ? "Component group" : "Component", id);
    return shape;
  };

  return app
    .openapi(
      adminRoute({
        method: "get",
        path: "/components",
        tag,
        role: "viewer",
        operationId: "listComponents",
        summary: "List components and groups (groups carry their child ids)",
        responses: { 200: jsonResponse(componentListSchema, "Every component and group, in page order") },
      }),
      async (c) => c.json({ components: await shapes.components() }, 200),
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/components",
        tag,
        role: "editor",
        operationId: "createComponent",
        summary: "Create a component",
        request: jsonBody(createComponentInput),
        responses: { 201: jsonResponse(componentSchema, "The new component") },
      }),
      async (c) => {
        const row = await createComponent({
          ctx: { deps, actor: c.get("actor") },
          input: c.req.valid("json"),
        });
        return c.json(await shapes.component(row), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/components/reorder",
        tag,
        role: "editor",
        operationId: "reorderComponents",
        summary: "Set the order of a group's components, or of the top level",
        request: jsonBody(reorderComponentsInput),
        responses: { 200: jsonResponse(componentListSchema, "Every component, in the new order") },
      }),
      async (c) => {
        await reorderComponents({ ctx: { deps, actor: c.get("actor") }, input: c.req.valid("json") });
        return c.json({ components: await shapes.components() }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/components/{id}",
        tag,
        role: "viewer",
        operationId: "getComponent",
        summary: "Get a component",
        request: { params: componentId },
        responses: { 200: jsonResponse(componentSchema, "The component") },
      }),
      async (c) => c.json(await findShape(c.req.valid("param").id, false), 200),
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/components/{id}",
        tag,
        role: "editor",
        operationId: "updateComponent",
        summary: "Change a component (name, status, group, position, …)",
        request: { params: componentId, ...jsonBody(updateComponentInput) },
        responses: { 200: jsonResponse(componentSchema, "The component after the change") },
      }),
      async (c) => {
        const row = await updateComponent({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(await shapes.component(row), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/components/{id}",
        tag,
        role: "editor",
        operationId: "deleteComponent",
        summary: "Delete a component",
        request: { params: componentId },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteComponent({
          ctx: { deps, actor: c.get("actor") },
          input: { id: c.req.valid("param").id, kind: "component" },
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute({
        method: "post",
        path: "/component-groups",
        tag,
        role: "editor",
        operationId: "createComponentGroup",
        summary: "Create a group, optionally moving components into it",
        request: jsonBody(createGroupInput),
        responses: { 201: jsonResponse(componentSchema, "The new group") },
      }),
      async (c) => {
        const row = await createGroup({ ctx: { deps, actor: c.get("actor") }, input: c.req.valid("json") });
        return c.json(await shapes.component(row), 201);
      },
    )
    .openapi(
      adminRoute({
        method: "get",
        path: "/component-groups/{id}",
        tag,
        role: "viewer",
        operationId: "getComponentGroup",
        summary: "Get a group",
        request: { params: groupId },
        responses: { 200: jsonResponse(componentSchema, "The group") },
      }),
      async (c) => c.json(await findShape(c.req.valid("param").id, true), 200),
    )
    .openapi(
      adminRoute({
        method: "patch",
        path: "/component-groups/{id}",
        tag,
        role: "editor",
        operationId: "updateComponentGroup",
        summary: "Rename a group or set its members (`components` is the complete new list)",
        request: { params: groupId, ...jsonBody(updateGroupInput) },
        responses: { 200: jsonResponse(componentSchema, "The group after the change") },
      }),
      async (c) => {
        const row = await updateGroup({
          ctx: { deps, actor: c.get("actor") },
          input: { ...c.req.valid("json"), id: c.req.valid("param").id },
        });
        return c.json(await shapes.component(row), 200);
      },
    )
    .openapi(
      adminRoute({
        method: "delete",
        path: "/component-groups/{id}",
        tag,
        role: "editor",
        operationId: "deleteComponentGroup",
        summary: "Delete a group; its components move to the top level",
        request: { params: groupId },
        responses: { 204: { description: "Deleted" } },
      }),
      async (c) => {
        await deleteComponent({
          ctx: { deps, actor: c.get("actor") },
          input: { id: c.req.valid("param").id, kind: "group" },
        });
        return c.body(null, 204);
      },
    );
}
