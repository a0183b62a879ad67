import type { TestApp } from "./harness.ts";

/** Just enough of OpenAPI 3.1 for the tests that walk the admin API's document. */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema objects are read loosely
export type Schema = Record<string, any>;

export interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/api/admin/incidents/{id}`. */
  path: string;
  op: OperationObject;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export async function fetchOpenApi(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.json<OpenApiDocument>("GET", "/api/openapi.json", { token: null });
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  return res.body;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** `{ method, path }` of every admin route the Hono app really serves, as OpenAPI paths. */
export async function servedAdminRoutes(t: TestApp): Promise<{ method: string; path: string }[]> {
  const seen = new Map<string, { method: string; path: string }>();
  // The admin API is an app of its own, built on its first request.
  for (const r of (await t.app.adminApp()).routes) {
    if (!r.path.startsWith("/api/admin/") || r.method === "ALL") continue;
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    seen.set(`${r.method} ${path}`, { method: r.method, path });
  }
  return [...seen.values()];
}

/** The schema with every `#/components/schemas/…` reference inlined (the document has no cycles). */
export function deref(doc: OpenApiDocument, schema: unknown): Schema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      const ref = (node as Schema).$ref;
      if (typeof ref === "string") {
        const target = doc.components.schemas[ref.replace("#/components/schemas/", "")];
        if (!target) throw new Error(`dangling $ref ${ref}`);
        return walk(target);
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(schema) as Schema;
}
