import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzValues } from "../../helpers/fuzz-values.ts";
import type { Operation } from "../../helpers/openapi-doc.ts";
import { adminApiPool, fixedParams } from "./admin-api-pool.ts";

/** The admin API's errors, route by route: each says what to fix, with the right status. */

const { t, operations, pool, kindOfPath, inHour, bodySchemaOf } = await adminApiPool();
afterAll(() => t.close());
const componentIdArb = fc.nat().map((n) => pool.component[n % pool.component.length]!);
const { conforming } = fuzzValues({ now: t.clock.now().getTime(), componentIdArb });

describe("admin API errors say what to fix", () => {
  const writes = () => operations.filter((o) => o.method !== "GET");
  const urlOf = (o: Operation) => fixedParams(o.path).replace("{id}", pool[kindOfPath(o.path)][0]!);

  it("answers malformed JSON with 400", async () => {
    for (const rawBody of ['{"name": "API",', "{'name': 'API'}", ""]) {
      const res = await t.json("POST", "/api/admin/components", { rawBody });
      expect(res.status, rawBody).toBe(400);
      expect(res.body.error).toEqual({
        code: "bad_request",
        message: expect.stringMatching(/Malformed JSON.*Content-Type: application\/json/),
      });
    }
  });

  it("answers an unknown field with 422 naming the field", async () => {
    const res = await t.json("POST", "/api/admin/components", { body: { name: "API", colour: "red" } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message).toMatch(/colour: unknown field/);
    expect(res.body.error.details).toEqual([
      { path: "colour", message: expect.stringMatching(/unknown field/) },
    ]);
    const nested = await t.json("POST", "/api/admin/incidents", {
      body: { name: "x", body: "y", name_translations: { de: "Störung" } },
    });
    expect(nested.status).toBe(422);
    expect(nested.body.error.details).toEqual([
      { path: "name_translations.de", message: expect.stringMatching(/unknown field/) },
    ]);
  });

  it("answers a wrong enum value with 422 listing the allowed values", async () => {
    const res = await t.json("POST", "/api/admin/components", { body: { name: "API", status: "down" } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: "status", message: expect.stringContaining('"major_outage"') },
    ]);
    const update = await t.json("POST", `/api/admin/incidents/${pool.incident[0]}/updates`, {
      body: { status: "fixed", body: "Done" },
    });
    expect(update.status).toBe(422);
    expect(update.body.error.message).toMatch(/status: Invalid option: expected one of .*"resolved"/);
    const query = await t.json("GET", "/api/admin/incidents?status=fixed&limit=many");
    expect(query.status).toBe(422);
    expect(query.body.error.message).toMatch(
      /^Invalid request query: status: .*; limit: must be a whole number/,
    );
  });

  it("answers a name over 255 characters with 422 on every route that takes one", async () => {
    const long = "x".repeat(256);
    const cases: [string, string, Record<string, unknown>][] = [
      ["POST", "/api/admin/components", { name: long }],
      ["PATCH", `/api/admin/components/${pool.component[0]}`, { name: long }],
      ["POST", "/api/admin/component-groups", { name: long }],
      ["POST", "/api/admin/incidents", { name: long, body: "y" }],
      ["PATCH", `/api/admin/incidents/${pool.incident[0]}`, { name: long }],
      [
        "POST",
        "/api/admin/maintenances",
        { name: long, body: "y", scheduled_for: inHour(1), scheduled_until: inHour(2) },
      ],
      ["PATCH", "/api/admin/settings", { name: long }],
      ["POST", "/api/admin/tokens", { name: long }],
    ];
    for (const [method, path, body] of cases) {
      const res = await t.json(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(422);
      expect(res.body.error.details, `${method} ${path}`).toEqual([
        { path: "name", message: expect.stringContaining("<=255 characters") },
      ]);
    }
    expect((await t.json("POST", "/api/admin/components", { body: { name: "x".repeat(255) } })).status).toBe(
      201,
    );
  });

  it("calls a missing field required and a blank one blank", async () => {
    const res = await t.json("POST", "/api/admin/incidents", { body: { name: "   " } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: "name", message: "must not be empty or blank" },
      { path: "body", message: "required (expected string)" },
    ]);
  });

  it("refuses a date-time the page could not display", async () => {
    for (const at of ["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00"]) {
      const res = await t.json("POST", `/api/admin/incidents/${pool.incident[0]}/updates`, {
        body: { status: "identified", body: "Found it", display_at: at },
      });
      expect(res.status, at).toBe(422);
      expect(res.body.error.details, at).toEqual([
        { path: "display_at", message: "must be between the years 1970 and 8999" },
      ]);
    }
  });

  it("spells out at most ten issues in the message and lists them all in details", async () => {
    const order = Array.from({ length: 25 }, (_, i) => i);
    const res = await t.json("POST", "/api/admin/components/reorder", { body: { group_id: null, order } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toHaveLength(25);
    expect(res.body.error.message).toMatch(/order\.9: .*; and 15 more \(see details\)$/);
    expect(res.body.error.message).not.toMatch(/order\.10:/);
  });

  it("answers an unknown id with 404 naming it, on every route that takes an id", async () => {
    const withId = operations.filter((o) => o.path.includes("{id}"));
    expect(withId.length).toBeGreaterThan(10);
    for (const op of withId) {
      const schema = bodySchemaOf(op);
      // A body that passes validation, so that the lookup is what fails.
      const body = schema ? fc.sample(conforming(schema, "", true), { numRuns: 1, seed: 1 })[0] : undefined;
      const res = await t.json(op.method, fixedParams(op.path).replace("{id}", "nope_0"), { body });
      expect(res.status, `${op.method} ${op.path}`).toBe(404);
      expect(res.body.error, `${op.method} ${op.path}`).toEqual({
        code: "not_found",
        message: expect.stringContaining('"nope_0" does not exist'),
      });
    }
  });

  it("answers a viewer writing with 403, before looking at the body", async () => {
    expect(writes().length).toBeGreaterThan(15);
    for (const op of writes()) {
      const res = await t.json(op.method, urlOf(op), { token: t.tokens.viewer, rawBody: "{not json" });
      expect(res.status, `${op.method} ${op.path}`).toBe(403);
      expect(res.body.error).toEqual({
        code: "forbidden",
        message: expect.stringMatching(/needs the (editor|owner) role/),
      });
    }
    const settings = await t.json("PATCH", "/api/admin/settings", { token: t.tokens.editor, body: {} });
    expect(settings.status).toBe(403);
  });

  it("answers no token, a bad token and a revoked token with 401 on every route", async () => {
    const revoked = (await t.json("POST", "/api/admin/tokens", { body: { name: "gone" } })).body;
    expect((await t.json("DELETE", `/api/admin/tokens/${revoked.info.id}`)).status).toBe(200);
    for (const op of operations) {
      for (const token of [null, "not-a-token", "vgt_unknown", revoked.token]) {
        const res = await t.json(op.method, urlOf(op), { token, body: op.method === "GET" ? undefined : {} });
        expect(res.status, `${op.method} ${op.path} with ${token}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="vigie"');
        expect(res.body.error).toEqual({ code: "unauthorized", message: expect.stringContaining("token") });
      }
    }
  });

  it("answers a body that is not JSON with 415 saying to send JSON", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const res = await t.json("POST", "/api/admin/components", {
        rawBody: "name=API",
        headers: { "Content-Type": contentType },
      });
      expect(res.status, contentType).toBe(415);
      expect(res.body.error).toEqual({
        code: "unsupported_media_type",
        message: "Send the body as JSON with Content-Type: application/json.",
      });
    }
  });

  it("answers a body over 1 MB with 413 and deeply nested JSON with 422", async () => {
    const big = await t.json("POST", "/api/admin/components", {
      rawBody: JSON.stringify({ name: "x".repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({ code: "payload_too_large", message: expect.stringContaining("1 MB") });
    const deep = await t.json("POST", "/api/admin/components", {
      rawBody: `{"name":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    });
    expect(deep.status).toBe(422);
    expect(deep.body.error.details).toEqual([
      { path: "name", message: expect.stringContaining("expected string") },
    ]);
  });
});
