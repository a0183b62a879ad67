import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleRig, createConsoleRig, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
afterEach(() => t.close());

const sessionCookie = (setCookies: string[], name = "vigie_session") =>
  setCookies.find((line) => line.startsWith(`${name}=`));

describe("/admin/login", () => {
  it("signs in with the right password and lands on the page asked for", async () => {
    t = await createConsoleRig();
    const user = await t.addUser("editor", "ed@example.com");
    const b = t.browser();
    const first = await b.get("/admin/users?tab=1");
    expect(first.status).toBe(303);
    expect(first.location).toBe("/admin/login?next=%2Fadmin%2Fusers%3Ftab%3D1");
    const res = await b.signIn("ED@example.com", testPassword, "/admin/account?x=1");
    expect(res.status).toBe(303);
    expect(res.location).toBe("/admin/account?x=1");
    const account = await b.get("/admin/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain(user.email);
  });

  it("answers wrong passwords and unknown accounts the same way", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "known@example.com");
    const wrong = await t.browser().signIn("known@example.com", "not the password");
    const unknown = await t.browser().signIn("nobody@example.com", testPassword);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain("Wrong email or password.");
      expect(sessionCookie(res.headers.getSetCookie())).toBeUndefined();
    }
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(strip(wrong.text).replace("known@", "x@")).toBe(strip(unknown.text).replace("nobody@", "x@"));
  });

  it("never follows `next` off the console", async () => {
    t = await createConsoleRig();
    await t.addUser("viewer", "v@example.com");
    for (const next of [
      "https://evil.example/admin",
      "//evil.example/admin",
      "/\\evil.example",
      "/api/admin/tokens",
      "/administrator",
      "/admin/logout",
    ]) {
      const res = await t.browser().signIn("v@example.com", testPassword, next);
      expect(res.status, next).toBe(303);
      expect(res.location, next).toBe("/admin");
    }
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure over http", async () => {
    t = await createConsoleRig({ publicUrl: "http://status.test" });
    await t.addUser("viewer", "c@example.com");
    const res = await t.browser().signIn("c@example.com");
    const cookie = sessionCookie(res.headers.getSetCookie());
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("is __Host- prefixed and Secure when the console is served over https", async () => {
    t = await createConsoleRig({ publicUrl: "https://status.example.com" });
    await t.addUser("viewer", "s@example.com");
    const b = t.browser();
    const res = await b.signIn("s@example.com");
    expect(res.status).toBe(303);
    const cookie = sessionCookie(res.headers.getSetCookie(), "__Host-vigie_session");
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    expect(sessionCookie(res.headers.getSetCookie())).toBeUndefined();
    expect((await b.get("/admin")).status).toBe(200);
  });
});
