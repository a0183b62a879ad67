import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

/** The owner's "Website" and "Support" links: http(s) only, in the settings and the site document. */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("PATCH /api/admin/settings website_url and support_url", () => {
  it("stores http(s) links, shows them to the site build, and clears them with null", async () => {
    const set = await t.json("PATCH", "/api/admin/settings", {
      body: {
        website_url: "https://www.acme.example/",
        support_url: "http://help.acme.example/contact?lang=fr",
      },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      website_url: "https://www.acme.example/",
      support_url: "http://help.acme.example/contact?lang=fr",
    });
    const site = await t.json("GET", "/api/site.json", { token: null });
    expect(site.body.page).toMatchObject({
      website_url: "https://www.acme.example/",
      support_url: "http://help.acme.example/contact?lang=fr",
    });
    const cleared = await t.json("PATCH", "/api/admin/settings", { body: { website_url: null } });
    expect(cleared.body).toMatchObject({
      website_url: null,
      support_url: "http://help.acme.example/contact?lang=fr",
    });
  });

  it.each([
    ["javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["ftp://files.acme.example"],
    ["//www.acme.example"],
    ["www.acme.example"],
  ])("refuses %s with a 422 naming the field", async (value) => {
    for (const field of ["website_url", "support_url"]) {
      const res = await t.json("PATCH", "/api/admin/settings", { body: { [field]: value } });
      expect(res.status, `${field}=${value}`).toBe(422);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).toContain("must be an http(s) URL");
    }
    const site = await t.json("GET", "/api/site.json", { token: null });
    expect(site.body.page).toMatchObject({ website_url: null, support_url: null });
  });

  it("is for owners only", async () => {
    const res = await t.json("PATCH", "/api/admin/settings", {
      token: t.tokens.editor,
      body: { website_url: "https://www.acme.example" },
    });
    expect(res.status).toBe(403);
  });
});
