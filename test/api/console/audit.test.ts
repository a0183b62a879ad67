import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "../../../api/domain/audit/record-audit.ts";
import { createComponent } from "../../../api/domain/components/create-component.ts";
import { updateComponent } from "../../../api/domain/components/update-component.ts";
import { systemActor } from "../../../api/domain/context.ts";
import { updateSettings } from "../../../api/domain/settings/update-settings.ts";
import { createToken } from "../../../api/domain/tokens/tokens.ts";
import { type ConsoleRig, createConsoleRig } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const asUser = (id: string) => ({ id: `user:${id}`, role: "owner" as const });

describe("/admin/audit", () => {
  it("shows who changed what and when, with before and after as escaped JSON", async () => {
    const owner = await t.addUser("owner", "olivia@example.com");
    const component = await createComponent({
      ctx: { deps: t.deps, actor: asUser(owner.id) },
      input: { name: "Checkout" },
    });
    await updateComponent({
      ctx: { deps: t.deps, actor: asUser(owner.id) },
      input: { name: "<img src=x onerror=alert(1)>", id: component.id },
    });
    const editor = await t.signedIn("editor");
    const res = await editor.get("/admin/audit");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/>owner \d &lt;olivia@example.com&gt;<\/a> <strong>component.update<\/strong>/);
    expect(res.text).toContain(`<code>${component.id}</code>`);
    expect(res.text).toContain("Changed: name");
    expect(res.text).toContain("&quot;name&quot;: &quot;Checkout&quot;");
    expect(res.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(res.text).not.toContain("<img src=x");
    expect(res.text).toMatch(/<time datetime="2026-11-27T12:00:00.000Z">/);
  });

  it("filters by entity type and by actor, and names API tokens", async () => {
    const owner = await t.addUser("owner");
    const { info } = await createToken({
      ctx: { deps: t.deps, actor: systemActor("setup") },
      input: { name: "deploy", role: "owner" },
    });
    await createComponent({ ctx: { deps: t.deps, actor: asUser(owner.id) }, input: { name: "API" } });
    await updateSettings({
      ctx: { deps: t.deps, actor: { id: `token:${info.id}`, role: "owner" } },
      input: { name: "Acme" },
    });
    const editor = await t.signedIn("editor");
    const settingsOnly = await editor.get("/admin/audit?entity_type=settings");
    expect(settingsOnly.text).toContain("settings.update");
    expect(settingsOnly.text).toContain("API token &quot;deploy&quot;");
    expect(settingsOnly.text).not.toContain("component.create");
    const byOwner = await editor.get(`/admin/audit?actor=${encodeURIComponent(`user:${owner.id}`)}`);
    expect(byOwner.text).toContain("component.create");
    expect(byOwner.text).not.toContain("settings.update");
    expect((await editor.get("/admin/audit?entity_type=nothing-like-this")).text).toContain(
      "Nothing recorded for this filter.",
    );
  });

  it("pages through a long log, newest first", async () => {
    await t.deps.write(async (tx) => {
      for (let i = 1; i <= 60; i++)
        await recordAudit(tx, t.clock.now(), systemActor("bulk"), {
          action: `bulk.step-${i}`,
          entityType: "bulk",
          entityId: null,
        });
    });
    const editor = await t.signedIn("editor");
    const first = await editor.get("/admin/audit?entity_type=bulk");
    expect(first.text).toContain("bulk.step-60<");
    expect(first.text).toContain("bulk.step-11<");
    expect(first.text).not.toContain("bulk.step-10<");
    const older = /href="(\/admin\/audit\?entity_type=bulk&amp;before=\d+)">Older entries/.exec(
      first.text,
    )?.[1];
    expect(older).toBeDefined();
    const second = await editor.get(older!.replaceAll("&amp;", "&"));
    expect(second.text).toContain("bulk.step-10<");
    expect(second.text).toContain("bulk.step-1<");
    expect(second.text).not.toContain("bulk.step-11<");
    expect(second.text).not.toContain("Older entries");
    expect(second.text).toContain("Newest entries");
  });

  it("refuses a malformed page link with a 400 that says why", async () => {
    const editor = await t.signedIn("editor");
    const res = await editor.get("/admin/audit?before=abc");
    expect(res.status).toBe(400);
    expect(res.text).toContain("before: must be an audit entry id");
  });

  it("is for editors and owners, as on the API: viewers get 403", async () => {
    const viewer = await t.signedIn("viewer");
    const res = await viewer.get("/admin/audit");
    expect(res.status).toBe(403);
    expect(res.text).toContain("This needs the editor role; you have the viewer role.");
    expect((await (await t.signedIn("owner")).get("/admin/audit")).status).toBe(200);
  });
});
