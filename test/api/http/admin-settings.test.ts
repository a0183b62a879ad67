import { afterAll, describe, expect, it } from "vitest";
import { getSettings } from "../../../api/domain/settings/get-settings.ts";
import { createTestApp } from "../../helpers/harness.ts";

const t = await createTestApp();
afterAll(() => t.close());

describe("admin settings: allow_private_targets", () => {
  it("is off by default and can be turned on and off by an owner", async () => {
    const initial = await t.json("GET", "/api/admin/settings", { token: t.tokens.viewer });
    expect(initial.status).toBe(200);
    expect(initial.body.allow_private_targets).toBe(false);

    const on = await t.json("PATCH", "/api/admin/settings", { body: { allow_private_targets: true } });
    expect(on.status).toBe(200);
    expect(on.body.allow_private_targets).toBe(true);
    expect((await getSettings(t.deps)).allowPrivateTargets).toBe(true);
    expect((await t.json("GET", "/api/admin/settings")).body.allow_private_targets).toBe(true);

    const rename = await t.json("PATCH", "/api/admin/settings", { body: { name: "Acme" } });
    expect(rename.body.allow_private_targets).toBe(true);

    const off = await t.json("PATCH", "/api/admin/settings", { body: { allow_private_targets: false } });
    expect(off.body.allow_private_targets).toBe(false);
    expect((await getSettings(t.deps)).allowPrivateTargets).toBe(false);
  });

  it("is an owner's decision", async () => {
    const res = await t.json("PATCH", "/api/admin/settings", {
      token: t.tokens.editor,
      body: { allow_private_targets: true },
    });
    expect(res.status).toBe(403);
    expect((await getSettings(t.deps)).allowPrivateTargets).toBe(false);
  });

  it("takes a boolean and says so", async () => {
    const res = await t.json("PATCH", "/api/admin/settings", { body: { allow_private_targets: "yes" } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: "allow_private_targets", message: "must be true or false" },
    ]);
  });
});
