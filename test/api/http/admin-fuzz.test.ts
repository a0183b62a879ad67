import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fuzzValues } from "../../helpers/fuzz-values.ts";
import { deref, type Operation, type Schema } from "../../helpers/openapi-doc.ts";
import { adminApiPool, fixedParams, type Kind } from "./admin-api-pool.ts";
import { contentTypeArb, jsonTypes, malformedJsonArb } from "./admin-fuzz-bodies.ts";

/**
 * Property-based robustness of the admin API: every operation of the OpenAPI document gets arbitrary
 * bodies, content types, query strings and ids, and must never answer 5xx. Every error has the one
 * error shape with a message, every status is one the document lists for the operation, and every
 * success body matches the documented response schema.
 */

const { t, doc, operations, pool, create, kindOfPath, allIds, bodySchemaOf } = await adminApiPool();
afterAll(() => t.close());
const componentIdArb = fc.nat().map((n) => pool.component[n % pool.component.length]!);

// ---------------------------------------------------------------------------------------------------
// Values: conforming to the documented schema, or junk.
const { stringArb, conforming, bodyArb } = fuzzValues({ now: t.clock.now().getTime(), componentIdArb });

// ---------------------------------------------------------------------------------------------------
// Requests.

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
