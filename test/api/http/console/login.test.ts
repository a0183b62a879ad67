import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleRig, createConsoleRig, testPassword } from "../../../helpers/console-rig.ts";

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

  it("limits failures per account: the 6th try in 15 minutes gets 429 with Retry-After, even with the right password", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "target@example.com");
    for (let i = 0; i < 5; i++) {
      const res = await t
        .browser()
        .signIn("target@example.com", `wrong guess ${i}`, undefined, `10.0.0.${i}`);
      expect(res.status).toBe(401);
    }
    const blocked = await t.browser().signIn("target@example.com", testPassword, undefined, "10.0.1.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    expect(blocked.text).toContain("Too many failed sign-ins");
    // Unknown accounts are limited the same way.
    for (let i = 0; i < 5; i++)
      await t.browser().signIn("ghost@example.com", "wrong guess", undefined, `10.0.2.${i}`);
    expect((await t.browser().signIn("ghost@example.com", "wrong guess", undefined, "10.0.3.1")).status).toBe(
      429,
    );

    t.clock.advance(15 * 60_000 + 1000);
    expect((await t.browser().signIn("target@example.com", testPassword, undefined, "10.0.1.1")).status).toBe(
      303,
    );
  });

  it("limits failures per address: the 21st in 15 minutes gets 429 whatever the account", async () => {
    t = await createConsoleRig();
    await t.addUser("editor", "real@example.com");
    for (let i = 0; i < 20; i++) {
      const res = await t.browser().signIn(`spray-${i}@example.com`, "Winter2026!!", undefined, "192.0.2.7");
      expect(res.status).toBe(401);
    }
    const blocked = await t.browser().signIn("real@example.com", testPassword, undefined, "192.0.2.7");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await t.browser().signIn("real@example.com", testPassword, undefined, "192.0.2.8")).status).toBe(
      303,
    );
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
