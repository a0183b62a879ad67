import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("email templates in the admin API", () => {
  it("previews a template with sample data, in both languages", async () => {
    const en = await t.json("POST", "/api/admin/templates/incident-created/en/preview", {
      token: t.tokens.editor,
    });
    const fr = await t.json("POST", "/api/admin/templates/incident-created/fr/preview", {
      token: t.tokens.editor,
    });
    expect(en.status).toBe(200);
    expect(en.body.html).toContain("<table");
    expect(fr.body.text).not.toBe(en.body.text);
  });

  it("saves an override, uses it, and resets to the built-in one", async () => {
    const saved = await t.json("PUT", "/api/admin/templates/incident-created/en", {
      token: t.tokens.editor,
      body: { subject: "[{{ page.name }}] {{ incident.name }} (custom)" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.subject).toMatch(/\(custom\)$/);
    const listed = await t.json("GET", "/api/admin/templates");
    expect(
      listed.body.templates.find(
        (x: { key: string; locale: string }) => x.key === "incident-created" && x.locale === "en",
      ).overridden,
    ).toEqual(["subject"]);
    expect((await t.request("DELETE", "/api/admin/templates/incident-created/en")).status).toBe(204);
    const after = await t.json("POST", "/api/admin/templates/incident-created/en/preview");
    expect(after.body.subject).not.toMatch(/custom/);
  });

  it("refuses a template that does not parse, with the parser's message", async () => {
    const res = await t.json("PUT", "/api/admin/templates/confirmation/fr", { body: { html: "{% if %}" } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/^html: the template does not parse: .+/);
  });

  it("refuses an unknown template key and lets no viewer edit", async () => {
    expect((await t.json("PUT", "/api/admin/templates/nope/en", { body: { subject: "x" } })).status).toBe(
      422,
    );
    expect(
      (
        await t.json("PUT", "/api/admin/templates/confirmation/en", {
          token: t.tokens.viewer,
          body: { subject: "x" },
        })
      ).status,
    ).toBe(403);
  });
});
