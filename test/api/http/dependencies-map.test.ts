import { eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { components } from "../../../db/schema/index.ts";
import { postComponent, testAppForEachTest } from "../../helpers/harness.ts";

const t = testAppForEachTest();

const component = (name: string) => postComponent(t, name);

async function dependency(name: string, impacts: unknown[]) {
  const res = await t.json("POST", "/api/admin/dependencies", {
    body: { name, source: { kind: "http", url: "https://example.com/health" }, impacts },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const critical = (component_id: string, alternative_group?: string) => ({
  component_id,
  on: "major_outage",
  set: "major_outage",
  criticality: "critical",
  alternative_group,
});

describe("GET /api/admin/dependency-map", () => {
  it("lists components, dependencies, impacts and single points of failure", async () => {
    const checkout = await component("Checkout");
    const email = await component("Email");
    const stripe = await dependency("Stripe", [critical(checkout)]);
    const resend = await dependency("Resend", [critical(email, "mail")]);
    const res = await t.json("GET", "/api/admin/dependency-map", { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.body.components).toEqual([
      { id: checkout, name: "Checkout", status: "operational", group_id: null },
      { id: email, name: "Email", status: "operational", group_id: null },
    ]);
    expect(res.body.dependencies.map((d: { name: string }) => d.name)).toEqual(["Resend", "Stripe"]);
    expect(res.body.impacts).toContainEqual({
      dependency_id: resend,
      component_id: email,
      on: "major_outage",
      set: "major_outage",
      criticality: "critical",
      alternative_group: "mail",
    });
    expect(res.body.single_points_of_failure).toEqual([
      {
        component_id: checkout,
        component_name: "Checkout",
        dependency_id: stripe,
        dependency_name: "Stripe",
      },
      { component_id: email, component_name: "Email", dependency_id: resend, dependency_name: "Resend" },
    ]);

    // A second provider in the same group is Email's fallback.
    await dependency("Amazon SES", [critical(email, "mail")]);
    const after = await t.json("GET", "/api/admin/dependency-map");
    expect(
      after.body.single_points_of_failure.map((s: { component_name: string }) => s.component_name),
    ).toEqual(["Checkout"]);
  });

  it("needs a token", async () => {
    expect((await t.json("GET", "/api/admin/dependency-map", { token: null })).status).toBe(401);
    expect((await t.request("GET", "/api/admin/dependency-map.svg", { token: null })).status).toBe(401);
  });
});

describe("GET /api/admin/dependency-map.svg", () => {
  it("is well-formed SVG with every name escaped and the single points of failure marked", async () => {
    const hostile = `Checkout <script>alert("x")</script> & 'co'`;
    const checkout = await component(hostile);
    // The API refuses control characters; a name stored before that (or imported) may still hold one.
    await t.deps.write((tx) =>
      tx
        .update(components)
        .set({ name: `${hostile}\u0001` })
        .where(eq(components.id, checkout)),
    );
    await component("Docs");
    await dependency("Stripe & <Co>", [critical(checkout)]);
    const res = await t.request("GET", "/api/admin/dependency-map.svg", { token: t.tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await res.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain("<script");
    expect(svg).toContain(
      "Checkout &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;\uFFFD",
    );
    expect(svg).toContain("Stripe &amp; &lt;Co&gt;");
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(parsed.svg["@_xmlns"]).toBe("http://www.w3.org/2000/svg");
    const groups = JSON.stringify(parsed.svg.g);
    expect(groups).toContain("node spof");
    expect(groups).toContain("single point of failure");
    // One edge, red for critical.
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toMatch(/<path [^>]*stroke="#dc2626"/);
  });

  it("shortens very long names without breaking characters, and draws an empty map", async () => {
    const empty = await (await t.request("GET", "/api/admin/dependency-map.svg")).text();
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain("No components or dependencies yet.");
    await component(`${"💥".repeat(60)}`);
    const svg = await (await t.request("GET", "/api/admin/dependency-map.svg")).text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain(`${"💥".repeat(39)}…`);
    expect(svg).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe("GET /api/admin/dependency-catalog", () => {
  it("searches and pages the catalog", async () => {
    const res = await t.json("GET", "/api/admin/dependency-catalog?q=ec2%20paris", {
      token: t.tokens.viewer,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      entries: [
        {
          id: "aws/ec2/eu-west-3",
          name: "AWS / EC2 / eu-west-3",
          provider: "AWS",
          source: {
            kind: "aws",
            service: "ec2",
            region: "eu-west-3",
            use_current_events: true,
            silence_hours: 24,
          },
        },
      ],
      total: 1,
      next_offset: null,
    });
    const page = await t.json("GET", "/api/admin/dependency-catalog?q=aws&limit=10&offset=10");
    expect(page.body.entries).toHaveLength(10);
    expect(page.body.next_offset).toBe(20);
    expect(page.body.total).toBeGreaterThan(100);
    const bad = await t.json("GET", "/api/admin/dependency-catalog?limit=0");
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/limit: must be a whole number from 1 to 500/);
  });
});

describe("on-call contacts", () => {
  it("are listed, added and removed by editors only", async () => {
    const created = await t.json("POST", "/api/admin/oncall-contacts", {
      body: { name: "Ada", email: "Ada@Example.com" },
      token: t.tokens.editor,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^onc_/),
      name: "Ada",
      email: "ada@example.com",
      created_at: "2026-11-27T12:00:00.000Z",
    });
    const twice = await t.json("POST", "/api/admin/oncall-contacts", {
      body: { name: "Ada 2", email: "ada@example.com" },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain("already an on-call contact");
    const bad = await t.json("POST", "/api/admin/oncall-contacts", { body: { name: "Bob", email: "bob" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/email: must be an email address/);
    const viewer = await t.json("POST", "/api/admin/oncall-contacts", {
      body: { name: "Eve", email: "eve@example.com" },
      token: t.tokens.viewer,
    });
    expect(viewer.status).toBe(403);
    const list = await t.json("GET", "/api/admin/oncall-contacts", { token: t.tokens.viewer });
    expect(list.body).toEqual({ contacts: [created.body] });
    expect(
      (await t.request("DELETE", `/api/admin/oncall-contacts/${created.body.id}`, { token: t.tokens.viewer }))
        .status,
    ).toBe(403);
    expect((await t.request("DELETE", `/api/admin/oncall-contacts/${created.body.id}`)).status).toBe(204);
    const gone = await t.json("DELETE", `/api/admin/oncall-contacts/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toContain("does not exist");
    expect((await t.json("GET", "/api/admin/oncall-contacts", { token: null })).status).toBe(401);
  });
});
