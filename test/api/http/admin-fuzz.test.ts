import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fuzzValues } from "../../helpers/fuzz-values.ts";
import { createTestApp } from "../../helpers/harness.ts";
import { deref, fetchOpenApi, type Operation, operationsOf, type Schema } from "../../helpers/openapi-doc.ts";

/** Path parameters that are not ids take one valid value (the email templates' key and locale). */
const fixedParams = (path: string) => path.replace("{key}", "incident-created").replace("{locale}", "en");

/**
 * Property-based robustness of the admin API: every operation of the OpenAPI document gets arbitrary
 * bodies, content types, query strings and ids, and must never answer 5xx. Every error has the one
 * error shape with a message, every status is one the document lists for the operation, and every
 * success body matches the documented response schema.
 */

const t = await createTestApp();
const doc = await fetchOpenApi(t);
// The public routes are documented too; this fuzzer is about the admin API.
const operations = operationsOf(doc).filter((o) => o.path.startsWith("/api/admin/"));
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------------
// Real ids, kept alive: a successful DELETE replaces the id it removed, so later runs still hit rows.

type Kind = "component" | "group" | "incident" | "maintenance" | "token" | "dependency" | "contact";
const pool: Record<Kind, string[]> = {
  component: [],
  group: [],
  incident: [],
  maintenance: [],
  token: [],
  dependency: [],
  contact: [],
};
let contacts = 0;
const inHour = (h: number) => new Date(t.clock.now().getTime() + h * 3_600_000).toISOString();

const fixtures: Record<Kind, () => [path: string, body: unknown]> = {
  component: () => ["/api/admin/components", { name: "Fuzz component" }],
  group: () => ["/api/admin/component-groups", { name: "Fuzz group", components: pool.component.slice(-1) }],
  incident: () => [
    "/api/admin/incidents",
    {
      name: "Fuzz incident",
      body: "Investigating",
      components: { [pool.component[0]!]: "degraded_performance" },
    },
  ],
  maintenance: () => [
    "/api/admin/maintenances",
    {
      name: "Fuzz maintenance",
      body: "Planned",
      scheduled_for: inHour(1),
      scheduled_until: inHour(2),
      components: pool.component.slice(0, 1),
    },
  ],
  token: () => ["/api/admin/tokens", { name: "Fuzz token", role: "viewer" }],
  dependency: () => [
    "/api/admin/dependencies",
    {
      name: "Fuzz dependency",
      source: { kind: "statuspage", base_url: "http://127.0.0.1:9" },
      impacts: [{ component_id: pool.component[0]!, on: "major_outage", set: "partial_outage" }],
    },
  ],
  contact: () => ["/api/admin/oncall-contacts", { name: "Fuzz", email: `fuzz-${++contacts}@example.com` }],
};

async function create(kind: Kind): Promise<string> {
  const [path, body] = fixtures[kind]();
  const res = await t.json("POST", path, { body });
  if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  const id: string = res.body.id ?? res.body.info.id;
  pool[kind].push(id);
  return id;
}

for (const kind of ["component", "component", "component", "group", "incident", "incident"] as const)
  await create(kind);
await t.json("POST", `/api/admin/incidents/${pool.incident[1]}/resolve`, { body: {} });
for (const kind of ["maintenance", "maintenance", "token", "token", "dependency", "contact"] as const)
  await create(kind);

const kindOfPath = (path: string): Kind =>
  path.includes("/dependencies/")
    ? "dependency"
    : path.includes("/oncall-contacts/")
      ? "contact"
      : path.includes("/component-groups/")
        ? "group"
        : path.includes("/components/")
          ? "component"
          : path.includes("/incidents/")
            ? "incident"
            : path.includes("/maintenances/")
              ? "maintenance"
              : "token";

const allIds = () => Object.values(pool).flat();
const componentIdArb = fc.nat().map((n) => pool.component[n % pool.component.length]!);

// ---------------------------------------------------------------------------------------------------
// Values: conforming to the documented schema, or junk.
const { stringArb, conforming, bodyArb } = fuzzValues({ now: t.clock.now().getTime(), componentIdArb });

// ---------------------------------------------------------------------------------------------------
// Requests.

const jsonTypes = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"];
const otherTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "application/jsonx",
  "application/json;",
  "application/vnd.api+json",
  "*/*",
  "",
];
const contentTypeArb = fc.oneof(
  fc.constantFrom(...otherTypes),
  fc.string({ unit: fc.constantFrom(..."abcjson/+;=- ".split("")), maxLength: 30 }),
);
const malformedJsonArb = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "{]",
    "{'name': 'x'}",
    '{"name": "x",}',
    "NaN",
    "undefined",
    "\ufeff{}",
    "[".repeat(5000),
  ),
  fc.json().map((json) => `${json.slice(0, -1)}}}`), // valid JSON, cut short and over-closed
  fc.string({ unit: "binary", maxLength: 50 }),
);

type Transport =
  | { kind: "json"; contentType: string; body: unknown }
  | { kind: "raw"; contentType: string | null; text: string }
  | { kind: "none" };

const transportArb = (schema: Schema | undefined): fc.Arbitrary<Transport> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("json" as const),
        contentType: fc.constantFrom(...jsonTypes),
        body: bodyArb(schema),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("raw" as const),
        contentType: fc.constantFrom(...jsonTypes),
        text: malformedJsonArb,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("raw" as const),
        contentType: fc.option(contentTypeArb, { nil: null }),
        text: fc.oneof(fc.json(), fc.string()),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  );

type IdChoice = { real: "mine" | "any"; n: number } | { junk: string } | { raw: string };
const idArb: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ real: fc.constant("mine" as const), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ real: fc.constant("any" as const), n: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      junk: fc.oneof(stringArb, fc.constantFrom("cmp_nope", "inc_00000000", "x".repeat(64), "x".repeat(65))),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ raw: fc.constantFrom("%", "%zz", "%E0%A4%A", "%2F", "%00", "a%20b") }),
  },
);

const queryArb = (op: Operation): fc.Arbitrary<string> => {
  const params = (op.op.parameters ?? []).filter((p) => p.in === "query");
  const name = fc.oneof(
    fc.constantFrom(...params.map((p) => p.name), "unknown"),
    fc.string({ maxLength: 10 }),
  );
  const value = fc.oneof(
    ...params.map((p) => conforming(p.schema).map(String)),
    stringArb,
    fc.constantFrom("0", "-1", "501", "1.5", "1e3", "0x10", "Infinity", "true", ""),
  );
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(name, value), { maxLength: 4 })
        .map((e) => new URLSearchParams(e).toString()),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom(..."ab=&%?+;[]_.019".split("")), maxLength: 20 }),
    },
    { weight: 2, arbitrary: fc.constant("") },
  );
};

const tokenArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | null>(t.tokens.owner) },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(t.tokens.editor, t.tokens.viewer) },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, "garbage", "vgt_unknown", "Bearer") },
);

interface Sent {
  method: string;
  url: string;
  token: string | null;
  transport: Transport;
  realId: string | null;
}

async function send(
  op: Operation,
  id: IdChoice | null,
  query: string,
  token: string | null,
  transport: Transport,
) {
  let segment = "";
  let realId: string | null = null;
  if (id && "real" in id) {
    const ids = id.real === "mine" ? pool[kindOfPath(op.path)] : allIds();
    realId = ids[id.n % ids.length]!;
    segment = realId;
  } else if (id && "junk" in id) {
    // "." and ".." would be resolved away by URL parsing: they name another route, not an id.
    segment = id.junk === "." || id.junk === ".." ? "%2E" : encodeURIComponent(id.junk.toWellFormed());
  } else if (id) segment = id.raw;
  const url = fixedParams(op.path).replace("{id}", segment) + (query ? `?${query}` : "");
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  const canHaveBody = op.method !== "GET" && op.method !== "HEAD";
  if (canHaveBody && transport.kind === "json") {
    headers["Content-Type"] = transport.contentType;
    body = JSON.stringify(transport.body);
  } else if (canHaveBody && transport.kind === "raw") {
    if (transport.contentType !== null) headers["Content-Type"] = transport.contentType;
    body = transport.text;
  }
  const res = await t.app.request(url, { method: op.method, headers, body });
  const sent: Sent = { method: op.method, url, token, transport, realId };
  return { res, sent };
}

const responseSchemas = new Map<string, z.ZodType>();
function documentedSchema(op: Operation, status: string): z.ZodType | null {
  const key = `${op.method} ${op.path} ${status}`;
  const schema = op.op.responses[status]?.content?.["application/json"]?.schema;
  if (!schema) return null;
  if (!responseSchemas.has(key)) responseSchemas.set(key, z.fromJSONSchema(deref(doc, schema)));
  return responseSchemas.get(key)!;
}

/** The checks every response passes, whatever was sent. Returns the parsed body. */
async function check(op: Operation, res: Response, sent: Sent): Promise<unknown> {
  const text = await res.text();
  const context = `${sent.method} ${sent.url.slice(0, 300)} → ${res.status} ${text.slice(0, 500)}\nsent: ${JSON.stringify(sent).slice(0, 1000)}`;
  expect(res.status, context).toBeLessThan(500);
  expect(Object.keys(op.op.responses), `undocumented status: ${context}`).toContain(String(res.status));
  // Keep the pool alive: a row this run deleted is replaced by a fresh one.
  if (sent.method === "DELETE" && res.status < 300 && sent.realId) {
    const kind = (Object.keys(pool) as Kind[]).find((k) => pool[k].includes(sent.realId!))!;
    pool[kind] = pool[kind].filter((x) => x !== sent.realId);
    await create(kind);
  }
  if (res.status === 204) return null;
  // A picture (the dependency map) where the document says so; everything else is JSON.
  const types = Object.keys(op.op.responses[String(res.status)]?.content ?? {});
  if (res.status < 300 && types.length && !types.includes("application/json")) {
    expect(types, context).toContain(res.headers.get("content-type")?.split(";")[0]);
    return text;
  }
  expect(res.headers.get("content-type"), context).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  if (res.status >= 400) {
    expect(body, context).toEqual({
      error: expect.objectContaining({
        code: expect.stringMatching(/^[a-z_]+$/),
        message: expect.any(String),
      }),
    });
    expect(body.error.message.trim(), context).not.toBe("");
  }
  const schema = documentedSchema(op, String(res.status));
  if (schema) {
    const parsed = schema.safeParse(body);
    expect(parsed.success, `response differs from the document: ${parsed.error?.message}\n${context}`).toBe(
      true,
    );
  }
  return body;
}

const bodySchemaOf = (op: Operation) =>
  op.op.requestBody ? deref(doc, op.op.requestBody.content["application/json"]!.schema) : undefined;

// ---------------------------------------------------------------------------------------------------

/**
 * Per operation; with 2 to 8 operations per tag that is 120 to 480 runs per route group. Set FUZZ_RUNS
 * for a longer hunt (500 runs per operation take about 40 s).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 60);

describe("admin API under arbitrary input", () => {
  it("walks a document with every admin route", () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s never answers 5xx",
    async (_, op) => {
      const schema = bodySchemaOf(op);
      const hasId = op.path.includes("{id}");
      await fc.assert(
        fc.asyncProperty(
          hasId ? idArb : fc.constant(null),
          queryArb(op),
          tokenArb,
          transportArb(schema),
          async (id, query, token, transport) => {
            const { res, sent } = await send(op, id, query, token, transport);
            await check(op, res, sent);
          },
        ),
        { numRuns: runs },
      );
    },
  );

  const withBody = operations.filter((o) => o.op.requestBody);
  it.each(withBody.map((o) => [`${o.method} ${o.path}`, o] as const))(
    "%s lets through every body its documented schema allows",
    async (_, op) => {
      const schema = bodySchemaOf(op)!;
      const realId = fc.record({ real: fc.constant("mine" as const), n: fc.nat() });
      await fc.assert(
        fc.asyncProperty(
          op.path.includes("{id}") ? realId : fc.constant(null),
          conforming(schema, "", true),
          async (id, body) => {
            const transport = { kind: "json" as const, contentType: "application/json", body };
            const { res, sent } = await send(op, id, "", t.tokens.owner, transport);
            const answer = (await check(op, res, sent)) as { error?: { details?: unknown } } | null;
            // The document is generated from the zod schema that validates the request, so a body
            // the document allows passes validation (`details` lists validation failures); only a
            // domain rule (unknown reference, transition, window in the past, …) may refuse it.
            expect(answer?.error?.details, `${sent.url} ${JSON.stringify(body)}`).toBeUndefined();
          },
        ),
        { numRuns: Math.ceil(runs / 2) },
      );
    },
  );

  it("answers a wrong method or an unknown admin path with a shaped 404", async () => {
    const paths = [...new Set(operations.map((o) => o.path))];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
        fc.oneof(fc.constant(""), fc.constantFrom("/x", "/", "/%2e%2e", "/%2F")),
        async (path, method, suffix) => {
          // A made-up id: a served DELETE must not remove a pooled row behind the pool's back.
          const url = fixedParams(path).replace("{id}", "cmp_made_up") + suffix;
          const served = operations.some(
            (o) =>
              o.method === method &&
              new RegExp(`^${fixedParams(o.path).replace("{id}", "[^/]+")}$`).test(url),
          );
          const res = await t.app.request(url, {
            method,
            headers: { Authorization: `Bearer ${t.tokens.owner}` },
          });
          const text = await res.text();
          expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(500);
          if (served) return;
          expect(res.status, `${method} ${url}: ${text}`).toBe(404);
          expect(JSON.parse(text).error, url).toMatchObject({ code: "not_found", message: /openapi\.json/ });
        },
      ),
      { numRuns: 150 },
    );
  });
});

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
