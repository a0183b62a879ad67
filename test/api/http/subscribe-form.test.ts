import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp } from "../../helpers/harness.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("subscribing from the status page's form", () => {
  it("accepts a plain form post with chosen components and answers with a page in the reader's language", async () => {
    const api = (await t.json("POST", "/api/admin/components", { body: { name: "API" } })).body.id;
    const web = (await t.json("POST", "/api/admin/components", { body: { name: "Website" } })).body.id;
    const form = new URLSearchParams([
      ["channel", "email"],
      ["locale", "fr"],
      ["address", "Lea@Example.com"],
      ["components[]", api],
      ["components[]", web],
    ]);
    const res = await t.app.request("/api/subscribers", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(res.status).toBe(202);
    const page = await res.text();
    expect(page).toContain('lang="fr"');
    expect(page).toContain("Consultez votre boîte de réception");
    const [row] = await t.deps.db.select().from(subscribers);
    expect(row).toMatchObject({ address: "lea@example.com", locale: "fr", state: "pending" });
    const follows = await t.deps.db.select().from(subscriberComponents);
    expect(follows.map((f) => f.componentId).sort()).toEqual([api, web].sort());
  });

  it("limits subscribe requests per address with 429 and Retry-After", async () => {
    const body = { channel: "email", address: "flood@example.com" };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await t.request("POST", "/api/subscribers", { token: null, body });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
