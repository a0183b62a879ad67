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

describe("admin settings: sms_kinds", () => {
  it("lists the default SMS messages and lets an owner choose others", async () => {
    const initial = await t.json("GET", "/api/admin/settings", { token: t.tokens.viewer });
    expect(initial.body.sms_kinds).toEqual(["incident-created", "incident-resolved", "maintenance-started"]);

    const res = await t.json("PATCH", "/api/admin/settings", {
      body: { sms_kinds: ["incident-updated", "maintenance-reminder", "incident-updated"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.sms_kinds).toEqual(["incident-updated", "maintenance-reminder"]);
    expect((await getSettings(t.deps)).smsKinds).toEqual(["incident-updated", "maintenance-reminder"]);

    const none = await t.json("PATCH", "/api/admin/settings", { body: { sms_kinds: [] } });
    expect(none.body.sms_kinds).toEqual([]);
  });

  it("refuses a kind that is not incident or maintenance news, saying which", async () => {
    const before = (await getSettings(t.deps)).smsKinds;
    for (const kind of ["confirmation", "dependency-alert", "incident-exploded"]) {
      const res = await t.json("PATCH", "/api/admin/settings", {
        body: { sms_kinds: ["incident-created", kind] },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([
        { path: "sms_kinds.1", message: "must be an incident-* or maintenance-* message kind" },
      ]);
    }
    expect((await getSettings(t.deps)).smsKinds).toEqual(before);
  });
});
