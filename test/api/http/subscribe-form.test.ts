import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createApp } from "../../../api/http/app.ts";
import { createDb } from "../../../db/client.ts";
import { subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";

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

  it("keeps the limits in the database, so another process on it (or a restart) does not start them over", async () => {
    t.close();
    t = await createTestApp({ storage: "file" });
    const handle = createDb({ url: `file:${t.file}` });
    const other = createApp({
      deps: createDeps({ handle, clock: t.clock, logger: silentLogger }),
      publicUrl: testPublicUrl,
      trustedProxies: 1,
    });
    const post = (app: { request: typeof other.request }, address: string, from: string) =>
      app.request("/api/subscribers", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": from },
        body: JSON.stringify({ channel: "email", address }),
      });
    try {
      // The same address, asked on both processes in turn: three in the hour, wherever they land.
      const statuses = [];
      for (const app of [t.app, other, t.app, other])
        statuses.push((await post(app, "ana@example.com", "192.0.2.1")).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
      // One network, many addresses: ten in the hour across both processes (it made three above).
      const spread = [];
      for (let i = 0; i < 8; i++)
        spread.push((await post(i % 2 ? other : t.app, `n${i}@example.com`, "192.0.2.1")).status);
      expect(spread).toEqual([202, 202, 202, 202, 202, 202, 429, 429]);
      // Another network is not held back by that one.
      expect((await post(other, "zoe@example.com", "198.51.100.7")).status).toBe(202);
      // An hour later the windows are new.
      t.clock.advance(3_600_001);
      expect((await post(other, "ana@example.com", "192.0.2.1")).status).toBe(202);
    } finally {
      handle.close();
    }
  });
});
