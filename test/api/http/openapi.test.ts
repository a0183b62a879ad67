import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";
import {
  deref,
  fetchOpenApi,
  type OpenApiDocument,
  operationsOf,
  type Schema,
  servedAdminRoutes,
} from "../../helpers/openapi-doc.ts";

const redoclyBin = join(
  dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
  "bin",
  "cli.js",
);

/**
 * Redocly's recommended rules with every warning raised to an error, plus the rules that matter to
 * someone reading the document: every parameter described, every example valid against its schema.
 * Not `all`: it also asks for RFC 7807 problem details (our error shape is fixed by the spec as
 * `{ error: { code, message } }`) and plural path segments (`/settings`, `/audit-log`).
 */
const redoclyConfig = `extends:
  - recommended-strict
rules:
  parameter-description: error
  operation-description: error
  no-invalid-media-type-examples: error
  no-invalid-schema-examples: error
  no-unused-components: error
  no-ambiguous-paths: error
  # The public documents answer 200 or 304 and nothing else; the admin routes' errors are checked below.
  operation-4xx-response: off
`;

let t: TestApp;
let doc: OpenApiDocument;
const adminOperations = () => operationsOf(doc).filter((o) => o.path.startsWith("/api/admin/"));
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  doc = await fetchOpenApi(t);
  dir = mkdtempSync(join(tmpdir(), "vigie-openapi-"));
});
afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document served without a token", async () => {
    const res = await t.request("GET", "/api/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("passes `redocly lint` with no errors and no warnings", () => {
    const file = join(dir, "openapi.json");
    const config = join(dir, "redocly.yaml");
    writeFileSync(file, JSON.stringify(doc, null, 2));
    writeFileSync(config, redoclyConfig);
    const run = spawnSync(
      process.execPath,
      [redoclyBin, "lint", file, "--config", config, "--format", "json", "--max-problems", "1000"],
      {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", CI: "true" },
      },
    );
    expect(run.error, "redocly did not run").toBeUndefined();
    const report = JSON.parse(run.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.status, run.stderr).toBe(0);
  });

  it("lists exactly the admin routes the app serves", async () => {
    const served = (await servedAdminRoutes(t)).map((r) => `${r.method} ${r.path}`).sort();
    const documented = adminOperations()
      .map((o) => `${o.method} ${o.path}`)
      .sort();
    expect(served.length).toBeGreaterThan(20);
    expect(documented).toEqual(served);
  });

  it("gives every operation bearer security, a unique operationId and the auth errors", () => {
    expect(doc.components.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const ids = new Set<string>();
    for (const { method, path, op } of adminOperations()) {
      const where = `${method} ${path}`;
      expect(op.security, where).toEqual([{ bearerAuth: [] }]);
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId!), `${where}: duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId!);
      expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["401", "403"]));
      const error = op.responses["401"]?.content?.["application/json"]?.schema;
      expect(error, where).toEqual({ $ref: "#/components/schemas/Error" });
    }
  });

  it("describes each request body with the very zod schema that validates it", () => {
    const bodies = adminOperations().filter((o) => o.op.requestBody);
    expect(bodies.length).toBeGreaterThan(10);
    for (const { method, path, op } of bodies) {
      const where = `${method} ${path}`;
      const ref: string = op.requestBody!.content["application/json"]!.schema.$ref;
      expect(ref, where).toMatch(/^#\/components\/schemas\//);
      const name = ref.replace("#/components/schemas/", "");
      const documented = doc.components.schemas[name]!;
      // `.meta({ id })` registers the schema globally under the same name the document uses.
      const schema = z.globalRegistry._idmap.get(name);
      expect(schema, `${where}: no zod schema registered as ${name}`).toBeDefined();
      // An empty registry: the schema inlined, not as a `$ref` to its own id.
      const fromZod = z.toJSONSchema(schema!, {
        io: "input",
        unrepresentable: "any",
        metadata: z.registry(),
      }) as Schema;
      expect(Object.keys(documented.properties).sort(), where).toEqual(
        Object.keys(fromZod.properties).sort(),
      );
      expect((documented.required ?? []).sort(), where).toEqual((fromZod.required ?? []).sort());
      expect(documented.additionalProperties, `${where}: unknown fields are refused`).toBe(false);
    }
  });

  it("gives incident and maintenance updates each their own statuses, the ones the server takes", async () => {
    const path = "/api/admin/{kind}/{id}/updates";
    const statusOf = (kind: string) => {
      const op = doc.paths[path.replace("{kind}", kind)]?.post;
      const ref: string = op!.requestBody!.content["application/json"]!.schema.$ref;
      return deref(doc, doc.components.schemas[ref.replace("#/components/schemas/", "")]!.properties.status);
    };
    const documented = {
      incidents: statusOf("incidents").enum as string[],
      maintenances: statusOf("maintenances").enum as string[],
    };
    expect(documented).toEqual({
      incidents: ["investigating", "identified", "monitoring", "resolved"],
      maintenances: ["scheduled", "in_progress", "verifying", "completed"],
    });
    const incident = await t.json("POST", "/api/admin/incidents", {
      body: { name: "Down", body: "Looking" },
    });
    const maintenance = await t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Upgrade",
        body: "Soon",
        scheduled_for: "2026-11-28T10:00:00Z",
        scheduled_until: "2026-11-28T11:00:00Z",
      },
    });
    const ids = { incidents: incident.body.id, maintenances: maintenance.body.id };
    for (const [kind, other] of [
      ["incidents", "maintenances"],
      ["maintenances", "incidents"],
    ] as const) {
      // Every documented value is taken; every value of the other family is refused, naming the field.
      for (const status of documented[other]) {
        const res = await t.json("POST", `/api/admin/${kind}/${ids[kind]}/updates`, {
          body: { status, body: "x" },
        });
        expect(res.status, `${kind} ${status}`).toBe(422);
        expect(res.body.error.details[0].path).toBe("status");
      }
      const taken = documented[kind][1]!;
      const ok = await t.json("POST", `/api/admin/${kind}/${ids[kind]}/updates`, {
        body: { status: taken, body: "x" },
      });
      expect(ok.status, `${kind} ${taken}`).toBe(201);
    }
  });

  it("documents the public routes the app serves, without a token, each answer as documented", async () => {
    const served = t.app.routes
      .filter((r) => r.method === "GET" && r.path.startsWith("/api/v2/"))
      .map((r) => `GET ${r.path}`);
    const publicOps = operationsOf(doc).filter((o) => !o.path.startsWith("/api/admin/"));
    expect(served.length).toBe(8);
    expect(publicOps.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      [...new Set(served), "POST /api/subscribers"].sort(),
    );
    // Something in every list, so that each item's fields are compared too.
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    await t.json("POST", "/api/admin/incidents", {
      body: { name: "Down", body: "Looking", components: { [api]: "major_outage" } },
    });
    await t.json("POST", "/api/admin/maintenances", {
      body: {
        name: "Upgrade",
        body: "Soon",
        scheduled_for: "2026-11-28T10:00:00Z",
        scheduled_until: "2026-11-28T11:00:00Z",
        components: [api],
      },
    });
    const keys = (o: object) => Object.keys(o).sort();
    /** Every field sent is documented, and every required one is sent. */
    const fieldsMatch = (value: object, documented: Schema, where: string) => {
      expect(value, where).toBeDefined();
      expect(documented?.properties, where).toBeDefined();
      expect(
        keys(value).filter((k) => !(k in documented.properties)),
        where,
      ).toEqual([]);
      expect(
        (documented.required ?? []).filter((k: string) => !(k in value)),
        where,
      ).toEqual([]);
    };
    const filled = new Set<string>();
    for (const { method, path, op } of publicOps) {
      expect(op.security, `${method} ${path}`).toEqual([]);
      if (method !== "GET") continue;
      const res = await t.json("GET", path, { token: null });
      expect(res.status, path).toBe(200);
      const schema = deref(doc, op.responses["200"]!.content!["application/json"]!.schema);
      expect(Object.keys(res.body).sort(), path).toEqual(Object.keys(schema.properties).sort());
      expect(keys(res.body.page), path).toEqual(keys(schema.properties.page.properties));
      for (const list of ["components", "incidents", "scheduled_maintenances"]) {
        // Earlier tests left items without components: the one made above has some.
        const first = res.body[list]?.find((i: Schema) => list === "components" || i.components.length);
        if (!first) continue;
        filled.add(list);
        const item = schema.properties[list].items;
        fieldsMatch(first, item, `${path} ${list}`);
        if (list === "components") continue;
        fieldsMatch(
          first.incident_updates[0],
          item.properties.incident_updates.items,
          `${path} ${list} update`,
        );
        fieldsMatch(first.components[0], item.properties.components.items, `${path} ${list} component`);
      }
    }
    expect([...filled].sort()).toEqual(["components", "incidents", "scheduled_maintenances"]);
  });

  it("describes POST /api/subscribers with the schema that validates it", async () => {
    const op = doc.paths["/api/subscribers"]!.post!;
    const body = deref(doc, op.requestBody!.content["application/json"]!.schema);
    const channels = (body.oneOf ?? body.anyOf).map(
      (s: Schema) => s.properties.channel.const ?? s.properties.channel.enum?.[0],
    );
    expect(channels.sort()).toEqual(["discord", "email", "slack", "sms", "teams", "webhook"]);
    const ok = await t.json("POST", "/api/subscribers", {
      token: null,
      body: { channel: "email", address: "ada@example.com" },
    });
    expect(ok.status).toBe(202);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["202", "400", "429"]));
    const bad = await t.json("POST", "/api/subscribers", { token: null, body: { channel: "fax" } });
    expect(bad.status).toBe(400);
  });
});
