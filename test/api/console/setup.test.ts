import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { hasDemoData } from "../../../api/domain/demo/remove-demo.ts";
import { seedDemo } from "../../../api/domain/demo/seed-demo.ts";
import { createSetupToken } from "../../../api/domain/users/create-setup-token.ts";
import { listUsers } from "../../../api/domain/users/list-users.ts";
import { type ConsoleRig, createConsoleRig, readerText, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

const ownerForm = (token: string) => ({
  token,
  email: "Owner@Example.com",
  name: "Olivia Owner",
  password: testPassword,
  password_confirm: testPassword,
});

async function newToken() {
  const setup = await createSetupToken({ ctx: { deps: t.deps } });
  expect(setup).not.toBeNull();
  return setup!.token;
}

describe("/admin/setup", () => {
  it("creates the owner once, signs them in, and the link stops working", async () => {
    const token = await newToken();
    const b = t.browser();
    const page = await b.get(`/admin/setup?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Create the owner account");
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");

    const done = await b.post("/admin/setup", { form: ownerForm(token) });
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/admin\?notice=/);
    const dashboard = await b.get(done.location!);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain("Welcome, Olivia Owner");
    const users = await listUsers({ ctx: { deps: t.deps, actor: systemActor("test") } });
    expect(users).toMatchObject([{ email: "owner@example.com", role: "owner" }]);

    const again = await t.browser().get(`/admin/setup?token=${token}`);
    expect(again.status).toBe(401);
    expect(again.text).toContain("already used");
    const other = t.browser();
    await other.get("/admin/login");
    const reuse = await other.post("/admin/setup", {
      form: { ...ownerForm(token), email: "mallory@example.com" },
    });
    expect(reuse.status).toBe(401);
    expect(await listUsers({ ctx: { deps: t.deps, actor: systemActor("test") } })).toHaveLength(1);
  });

  it("expires one hour after it was made", async () => {
    const token = await newToken();
    t.clock.advance(59 * 60_000);
    expect((await t.browser().get(`/admin/setup?token=${token}`)).status).toBe(200);
    t.clock.advance(60_000);
    const b = t.browser();
    const late = await b.get(`/admin/setup?token=${token}`);
    expect(late.status).toBe(401);
    expect(late.text).toContain("expired");
    await b.get("/admin/login");
    expect((await b.post("/admin/setup", { form: ownerForm(token) })).status).toBe(401);
    expect(await listUsers({ ctx: { deps: t.deps, actor: systemActor("test") } })).toEqual([]);
  });

  it("is not offered once a user exists, and a wrong token is refused", async () => {
    expect((await t.browser().get("/admin/setup?token=nonsense")).status).toBe(401);
    const token = await newToken();
    await t.addUser("owner", "cli-made@example.com");
    expect(await createSetupToken({ ctx: { deps: t.deps } })).toBeNull();
    expect((await t.browser().get(`/admin/setup?token=${token}`)).status).toBe(401);
  });

  it("keeps the form and says what to fix on bad input", async () => {
    const token = await newToken();
    const b = t.browser();
    await b.get(`/admin/setup?token=${token}`);
    const short = await b.post("/admin/setup", {
      form: { ...ownerForm(token), password: "short", password_confirm: "short" },
    });
    expect(short.status).toBe(422);
    // A whole sentence naming the field; what was typed stays, except the passwords.
    expect(readerText(short.text)).toContain(
      "Password must be at least 12 characters long (a few words make a good one).",
    );
    expect(short.text).toContain('value="Owner@Example.com"');
    expect(short.text).toContain('value="Olivia Owner"');
    expect(short.text).not.toContain('value="short"');
    expect(short.text).toMatch(/<input id="f-password" name="password" type="password"(?! value)/);
    const badEmail = await b.post("/admin/setup", {
      form: { ...ownerForm(token), email: "not an email", keep_demo: "on" },
    });
    expect(badEmail.status).toBe(422);
    expect(readerText(badEmail.text)).toContain("Email must be an email address such as alice@example.com.");
    expect(badEmail.text).toContain('value="not an email"');
    expect(badEmail.text).not.toContain(`value="${testPassword}"`);
    const mismatch = await b.post("/admin/setup", {
      form: { ...ownerForm(token), password_confirm: "something else entirely" },
    });
    expect(mismatch.status).toBe(422);
    expect(readerText(mismatch.text)).toContain("Password again must be the same as the password.");
    expect((await b.post("/admin/setup", { form: ownerForm(token) })).status).toBe(303);
  });

  it("asks whether to keep the demo page, and removes it unless kept", async () => {
    await seedDemo(t.deps);
    const token = await newToken();
    const b = t.browser();
    const page = await b.get(`/admin/setup?token=${token}`);
    expect(page.text).toContain("Keep the demo page");
    expect(page.text).toMatch(/<input type="checkbox" id="f-keep_demo" name="keep_demo"(?! checked)/);
    const done = await b.post("/admin/setup", { form: ownerForm(token) });
    expect(done.status).toBe(303);
    expect(readerText((await b.get(done.location!)).text)).toContain("The demo data is removed.");
    expect(await hasDemoData(t.deps)).toBe(false);
  });

  it("keeps the demo page when asked to, and does not ask on a page without one", async () => {
    const bare = await newToken();
    expect((await t.browser().get(`/admin/setup?token=${bare}`)).text).not.toContain("Keep the demo page");
    await seedDemo(t.deps);
    const token = await newToken();
    const b = t.browser();
    await b.get(`/admin/setup?token=${token}`);
    const done = await b.post("/admin/setup", { form: { ...ownerForm(token), keep_demo: "on" } });
    expect(done.status).toBe(303);
    expect(await hasDemoData(t.deps)).toBe(true);
    expect(readerText((await b.get("/admin")).text)).toContain("Remove demo data");
  });
});
