import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { listTokens } from "../../../api/domain/tokens/tokens.ts";
import { listUsers } from "../../../api/domain/users/list-users.ts";
import { type ConsoleRig, createConsoleRig, readerText, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const users = () => listUsers({ ctx: { deps: t.deps, actor: systemActor("test") } });

describe("/admin/users", () => {
  it("lets an owner add a user who can then sign in", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/users");
    const res = await owner.post("/admin/users", {
      form: { email: "New@Example.com", name: "Nina", role: "viewer", password: "a fine first password" },
    });
    expect(res.status).toBe(303);
    expect((await owner.get(res.location!)).text).toContain("Nina can now sign in as viewer.");
    expect((await t.browser().signIn("new@example.com", "a fine first password")).status).toBe(303);
  });

  it("says what to fix on a bad form and keeps what was typed", async () => {
    const owner = await t.signedIn("owner");
    const taken = await owner.post("/admin/users", {
      form: { email: "nobody", name: "Kept Name", role: "editor", password: testPassword },
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain("must be an email address");
    expect(taken.text).toContain('value="Kept Name"');
    const badRole = await owner.post("/admin/users", {
      form: { email: "r@example.com", name: "R", role: "admin", password: testPassword },
    });
    expect(badRole.status).toBe(422);
    expect(badRole.text).toContain("must be one of viewer, editor, owner");
  });

  it("changes roles and disables accounts, ending their sessions", async () => {
    const owner = await t.signedIn("owner");
    const editor = await t.addUser("editor", "ed@example.com");
    const edBrowser = t.browser();
    await edBrowser.signIn("ed@example.com");
    await owner.get("/admin/users");
    expect((await owner.post(`/admin/users/${editor.id}`, { form: { role: "viewer" } })).status).toBe(303);
    expect((await users()).find((u) => u.id === editor.id)!.role).toBe("viewer");
    expect((await owner.post(`/admin/users/${editor.id}`, { form: { disabled: "true" } })).status).toBe(303);
    expect((await edBrowser.get("/admin")).status).toBe(303);
    expect((await t.browser().signIn("ed@example.com")).status).toBe(401);
    expect((await owner.post(`/admin/users/${editor.id}`, { form: { disabled: "false" } })).status).toBe(303);
    expect((await t.browser().signIn("ed@example.com")).status).toBe(303);
  });

  it("never demotes or disables the last owner", async () => {
    const owner = await t.signedIn("owner", "only-owner@example.com");
    const [me] = await users();
    await owner.get("/admin/users");
    const demote = await owner.post(`/admin/users/${me!.id}`, { form: { role: "editor" } });
    expect(demote.status).toBe(409);
    expect(demote.text).toContain("is the last owner");
    expect((await owner.post(`/admin/users/${me!.id}`, { form: { disabled: "true" } })).status).toBe(409);
    expect((await users())[0]).toMatchObject({ role: "owner", disabledAt: null });
    const unknown = await owner.post(`/admin/users/${me!.id}`, { form: { role: "boss" } });
    expect(unknown.status).toBe(422);
    expect(readerText(unknown.text)).toContain("Role must be one of viewer, editor, owner.");
  });

  it("is for owners only: editors and viewers get 403", async () => {
    for (const role of ["editor", "viewer"] as const) {
      const b = await t.signedIn(role);
      const page = await b.get("/admin/users");
      expect(page.status, role).toBe(403);
      expect(page.text).toContain(`This needs the owner role; you have the ${role} role.`);
      const post = await b.post("/admin/users", {
        form: { email: `sneaky-${role}@example.com`, name: "S", role: "owner", password: testPassword },
      });
      expect(post.status, role).toBe(403);
      expect((await b.get("/admin/tokens")).status, role).toBe(403);
    }
    expect((await users()).map((u) => u.email)).not.toContain("sneaky-editor@example.com");
  });
});

describe("/admin/tokens", () => {
  it("creates a token shown once, which works on the admin API, and revokes it", async () => {
    const owner = await t.signedIn("owner");
    await owner.get("/admin/tokens");
    const created = await owner.post("/admin/tokens", { form: { name: "deploy", role: "editor" } });
    expect(created.status).toBe(201);
    const secret = /<p class="secret">(vgt_[\w-]+)<\/p>/.exec(created.text)?.[1];
    expect(secret).toBeDefined();
    const api = (token: string) =>
      t.app.request("/api/admin/components", { headers: { Authorization: `Bearer ${token}` } });
    expect((await api(secret!)).status).toBe(200);
    const list = await owner.get("/admin/tokens");
    expect(list.text).toContain("deploy");
    expect(list.text).not.toContain(secret!);

    const [info] = await listTokens({ ctx: { deps: t.deps, actor: systemActor("test") } });
    const revoked = await owner.post(`/admin/tokens/${info!.id}/revoke`, { form: {} });
    expect(revoked.status).toBe(303);
    expect((await owner.get(revoked.location!)).text).toContain("Token &quot;deploy&quot; is revoked.");
    expect((await api(secret!)).status).toBe(401);
  });
});
