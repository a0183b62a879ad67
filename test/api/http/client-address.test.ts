import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../../api/http/app.ts";
import { clientAddresses, clientIp } from "../../../api/web/client-address.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";

function probe(trustedProxies: number) {
  const app = new Hono();
  app.use("*", clientAddresses(trustedProxies));
  app.get("/ip", (c) => c.text(clientIp(c)));
  return app;
}

const ipOf = async (app: Hono, forwardedFor?: string) =>
  (await app.request("/ip", { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} })).text();

describe("client address", () => {
  it("ignores X-Forwarded-For when no proxy is trusted, and says so once", async () => {
    let warnings = 0;
    const app = new Hono();
    app.use(
      "*",
      clientAddresses(0, () => warnings++),
    );
    app.get("/ip", (c) => c.text(clientIp(c)));
    expect(await ipOf(app)).toBe("local");
    expect(warnings).toBe(0);
    expect(await ipOf(app, "203.0.113.9")).toBe("local");
    expect(await ipOf(app, "203.0.113.10")).toBe("local");
    expect(warnings).toBe(1);
  });

  it("takes the entry the trusted proxies added, not what the client wrote before it", async () => {
    expect(await ipOf(probe(1), "203.0.113.9, 198.51.100.7")).toBe("198.51.100.7");
    expect(await ipOf(probe(2), "203.0.113.9, 198.51.100.7, 10.0.0.2")).toBe("198.51.100.7");
    // Fewer entries than proxies: the leftmost is the best there is.
    expect(await ipOf(probe(3), "198.51.100.7, 10.0.0.2")).toBe("198.51.100.7");
    expect(await ipOf(probe(1))).toBe("local");
  });

  it("uses the connection's address over a real socket, whatever the header says", async () => {
    const app = probe(0);
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/ip`, {
        headers: { "X-Forwarded-For": "203.0.113.9" },
      });
      expect(await res.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("per-IP limits and forged X-Forwarded-For", () => {
  let db: TestDb;
  afterEach(() => db.close());

  const subscribe = (app: ReturnType<typeof createApp>, i: number, forwardedFor: string) =>
    app.request("/api/subscribers", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
      body: JSON.stringify({ channel: "email", address: `reader${i}@example.com` }),
    });

  it("without a trusted proxy, a new header per request does not escape the limit of 10 an hour", async () => {
    db = await createTestDb();
    const app = createApp({ deps: db.deps, publicUrl: testPublicUrl });
    for (let i = 0; i < 10; i++) expect((await subscribe(app, i, `203.0.113.${i}`)).status).toBe(202);
    const limited = await subscribe(app, 10, "203.0.113.99");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  it("behind one proxy, a forged leading entry does not either; another real client is not limited", async () => {
    db = await createTestDb();
    const app = createApp({ deps: db.deps, publicUrl: testPublicUrl, trustedProxies: 1 });
    for (let i = 0; i < 10; i++)
      expect((await subscribe(app, i, `203.0.113.${i}, 198.51.100.7`)).status).toBe(202);
    expect((await subscribe(app, 10, "203.0.113.99, 198.51.100.7")).status).toBe(429);
    expect((await subscribe(app, 11, "198.51.100.8")).status).toBe(202);
  });
});
