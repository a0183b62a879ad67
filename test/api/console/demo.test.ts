import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { hasDemoData } from "../../../api/domain/demo/remove-demo.ts";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { auditLog, components, outboxEvents } from "../../../db/schema/index.ts";
import { type ConsoleRig, createConsoleRig, readerText } from "../../helpers/console-rig.ts";
import { createTestApp } from "../../helpers/harness.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
  await seedDemo(t.deps);
});
afterEach(() => t.close());

describe("removing the demo data from the console", () => {
  it("is offered to owners on the dashboard, asks first, then removes only the demo's rows", async () => {
    await createComponent({ ctx: { deps: t.deps, actor: systemActor("test") }, input: { name: "My shop" } });
    const b = await t.signedIn("owner");
    const dashboard = await b.get("/admin");
    expect(readerText(dashboard.text)).toContain('The page still shows the "Acme Cloud" demo.');
    expect(dashboard.text).toContain('href="/admin/demo/remove"');

    const confirm = await b.get("/admin/demo/remove");
    expect(confirm.status).toBe(200);
    expect(readerText(confirm.text)).toContain("This cannot be undone.");
    expect(await hasDemoData(t.deps)).toBe(true);
    const seqBefore = await t.deps.dataVersion();

    const done = await b.post("/admin/demo/remove", { form: {} });
    expect(done.status).toBe(303);
    const after = await b.get(done.location!);
    expect(readerText(after.text)).toContain(
      "The demo data is removed (12 components and groups and 5 incidents and maintenances); the page is being rebuilt.",
    );
    expect(after.text).not.toContain('href="/admin/demo/remove"');
    expect((await t.deps.db.select().from(components)).map((c) => c.name)).toEqual(["My shop"]);
    const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "demo.remove"));
    expect(audit?.actor).toMatch(/^user:/);
    // The publisher rebuilds on any outbox event after its cursor.
    const events = await t.deps.db.select().from(outboxEvents);
    expect(Math.max(...events.map((e) => e.seq))).toBeGreaterThan(seqBefore);

    const twice = await b.post("/admin/demo/remove", { form: {} });
    expect(twice.status).toBe(404);
    expect(readerText(twice.text)).toContain("There is no demo data left to remove.");
  });

  it("is neither offered nor allowed to editors, and refuses a post without the CSRF token", async () => {
    const editor = await t.signedIn("editor");
    expect((await editor.get("/admin")).text).not.toContain("/admin/demo/remove");
    expect((await editor.get("/admin/demo/remove")).status).toBe(403);
    expect((await editor.post("/admin/demo/remove", { form: {} })).status).toBe(403);
    const owner = await t.signedIn("owner");
    await owner.get("/admin");
    expect((await owner.post("/admin/demo/remove", { form: {}, csrf: false })).status).toBe(403);
    expect(await hasDemoData(t.deps)).toBe(true);
  });
});

describe("DELETE /api/admin/demo", () => {
  it("removes the demo for an owner token and says what it removed", async () => {
    const api = await createTestApp();
    try {
      await seedDemo(api.deps);
      const mine = await createComponent({
        ctx: { deps: api.deps, actor: systemActor("test") },
        input: { name: "Mine" },
      });
      expect((await api.json("DELETE", "/api/admin/demo", { token: api.tokens.editor })).status).toBe(403);
      const res = await api.json("DELETE", "/api/admin/demo", { token: api.tokens.owner });
      expect(res.status).toBe(200);
      expect(res.body.components).toHaveLength(12);
      expect(res.body.incidents).toHaveLength(5);
      expect(res.body.components).not.toContain(mine.id);
      const again = await api.json("DELETE", "/api/admin/demo", { token: api.tokens.owner });
      expect(again.status).toBe(404);
      expect(again.body.error.message).toBe("There is no demo data left to remove.");
    } finally {
      api.close();
    }
  });
});
