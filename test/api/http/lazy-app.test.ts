import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { lazyApp, type OuterEnv, outerContext } from "../../../api/http/lazy-app.ts";

/** A main app that sets a variable, then hands `/inner/*` to an app built by `load`. */
function host(load: () => Promise<Hono<OuterEnv>>) {
  const handler = lazyApp(load);
  const main = new Hono<{ Variables: { marker: string } }>();
  main.use("*", async (c, next) => {
    c.set("marker", "outer");
    await next();
  });
  main.onError((_error, c) => c.text("the app could not be built", 500));
  main.get("/outside", (c) => c.text("outside"));
  main.all("/inner/*", handler);
  return { main, handler };
}

function innerApp() {
  const app = new Hono<OuterEnv>();
  app.get("/inner/items/:id", (c) =>
    c.json({ id: c.req.param("id"), outer: outerContext(c)?.get("marker") ?? null }),
  );
  app.post("/inner/echo", async (c) => c.text(await c.req.text()));
  return app;
}

describe("lazyApp", () => {
  it("builds the app on the first request for it, once, even for requests arriving together", async () => {
    let builds = 0;
    const { main } = host(async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return innerApp();
    });
    expect((await main.request("/outside")).status).toBe(200);
    expect(builds).toBe(0);
    const answers = await Promise.all([1, 2, 3].map((n) => main.request(`/inner/items/${n}`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await answers[2]!.json()).toEqual({ id: "3", outer: "outer" });
    expect((await main.request("/inner/items/4")).status).toBe(200);
    expect(builds).toBe(1);
  });

  it("hands over the request as sent: method, body and the inner app's 404", async () => {
    const { main } = host(async () => innerApp());
    const echoed = await main.request("/inner/echo", { method: "POST", body: "a body <b>&" });
    expect(await echoed.text()).toBe("a body <b>&");
    expect((await main.request("/inner/nothing-here")).status).toBe(404);
  });

  it("tries again after a build that failed, rather than failing every request from then on", async () => {
    let attempts = 0;
    const { main } = host(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("module not found");
      return innerApp();
    });
    expect((await main.request("/inner/items/1")).status).toBe(500);
    expect((await main.request("/inner/items/1")).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it("load() builds it without a request, the same instance requests then use", async () => {
    let builds = 0;
    const { main, handler } = host(async () => {
      builds += 1;
      return innerApp();
    });
    const app = await handler.load();
    expect(app.routes.map((r) => `${r.method} ${r.path}`)).toContain("GET /inner/items/:id");
    expect((await main.request("/inner/items/9")).status).toBe(200);
    expect(builds).toBe(1);
  });
});
