import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleRig, createConsoleRig, readerText, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
beforeEach(async () => {
  t = await createConsoleRig();
});
afterEach(() => t.close());

describe("POST /admin/logout", () => {
  it("ends the session: the old cookie no longer opens a page", async () => {
    await t.addUser("viewer", "out@example.com");
    const b = t.browser();
    await b.signIn("out@example.com");
    const stolen = new Map(b.cookies);
    await b.get("/admin");
    const res = await b.post("/admin/logout", { form: {} });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/admin\/login\?notice=/);
    expect(res.headers.getSetCookie().some((c) => /^vigie_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await b.get(res.location!)).text).toContain("You are signed out.");

    const replay = t.browser();
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    const page = await replay.get("/admin");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/admin/login?next=%2Fadmin");
  });
});

describe("POST /admin/account/password", () => {
  it("needs the current password, then signs out every other session and keeps this one", async () => {
    await t.addUser("editor", "pw@example.com");
    const laptop = t.browser();
    const phone = t.browser();
    await laptop.signIn("pw@example.com");
    await phone.signIn("pw@example.com");
    await laptop.get("/admin/account");

    const wrong = await laptop.post("/admin/account/password", {
      form: {
        current_password: "not my password",
        new_password: "a new long password",
        new_password_confirm: "a new long password",
      },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("is not your current password");
    expect((await phone.get("/admin")).status).toBe(200);

    const ok = await laptop.post("/admin/account/password", {
      form: {
        current_password: testPassword,
        new_password: "a new long password",
        new_password_confirm: "a new long password",
      },
    });
    expect(ok.status).toBe(303);
    expect((await laptop.get(ok.location!)).text).toContain("your other sessions are signed out");
    expect((await laptop.get("/admin")).status).toBe(200);
    expect((await phone.get("/admin")).status).toBe(303);
    expect((await t.browser().signIn("pw@example.com", testPassword)).status).toBe(401);
    expect((await t.browser().signIn("pw@example.com", "a new long password")).status).toBe(303);
  });

  it("refuses a weak new password and a mismatched confirmation", async () => {
    const b = await t.signedIn("viewer");
    const weak = await b.post("/admin/account/password", {
      form: {
        current_password: testPassword,
        new_password: "zzzzzzzzzzzzzzzz",
        new_password_confirm: "zzzzzzzzzzzzzzzz",
      },
    });
    expect(weak.status).toBe(422);
    expect(readerText(weak.text)).toContain("New password must not be one character repeated.");
    const mismatch = await b.post("/admin/account/password", {
      form: {
        current_password: testPassword,
        new_password: "a new long password",
        new_password_confirm: "another one",
      },
    });
    expect(mismatch.status).toBe(422);
    expect(readerText(mismatch.text)).toContain("New password again must be the same as the new password.");
  });
});

describe("CSRF", () => {
  it("refuses a state-changing request without the token, with a page that says why", async () => {
    const b = await t.signedIn("owner");
    const res = await b.post("/admin/tokens", { form: { name: "ci", role: "viewer" }, csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain("CSRF token is missing or wrong");
    expect((await b.get("/admin/tokens")).text).not.toContain(">Revoke ci<");
  });

  it("refuses a wrong token, and another session's token", async () => {
    const b = await t.signedIn("owner");
    const other = await t.signedIn("owner");
    expect(
      (await b.post("/admin/tokens", { form: { name: "ci", role: "viewer", _csrf: "forged" } })).status,
    ).toBe(403);
    const theirs = other.csrfToken!;
    expect(theirs).not.toBe(b.csrfToken);
    expect(
      (await b.post("/admin/tokens", { form: { name: "ci", role: "viewer", _csrf: theirs } })).status,
    ).toBe(403);
  });

  it("accepts the token in the X-CSRF-Token header", async () => {
    const b = await t.signedIn("owner");
    const res = await b.post("/admin/tokens", {
      form: { name: "from-script", role: "viewer" },
      csrf: false,
      headers: { "X-CSRF-Token": b.csrfToken! },
    });
    expect(res.status).toBe(201);
  });

  it("refuses a cross-origin request even with a valid token", async () => {
    const b = await t.signedIn("owner");
    const evil = await b.post("/admin/tokens", {
      form: { name: "ci", role: "viewer" },
      headers: { Origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    expect(evil.text).toContain("came from another site");
    const crossSite = await b.post("/admin/tokens", {
      form: { name: "ci", role: "viewer" },
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const nullOrigin = await b.post("/admin/tokens", {
      form: { name: "ci", role: "viewer" },
      headers: { Origin: "null" },
    });
    expect(nullOrigin.status).toBe(403);
  });

  it("protects the sign-in form too (a token tied to a pre-session cookie)", async () => {
    await t.addUser("viewer", "login-csrf@example.com");
    const b = t.browser();
    const res = await b.post("/admin/login", {
      form: { email: "login-csrf@example.com", password: testPassword },
    });
    expect(res.status).toBe(403);
    const evil = t.browser();
    await evil.get("/admin/login");
    const cross = await evil.post("/admin/login", {
      form: { email: "login-csrf@example.com", password: testPassword },
      headers: { Origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
  });
});

describe("the console's pages", () => {
  it("send a strict CSP, no-store, and refuse framing", async () => {
    const b = await t.signedIn("viewer");
    const res = await b.get("/admin");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[\w+/=]+'/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.text).not.toMatch(/<script|style="/);
  });

  it("are laid out for screen readers and keyboards: skip link, landmarks, labelled fields, current section", async () => {
    const b = await t.signedIn("owner");
    const res = await b.get("/admin/users");
    expect(res.text).toMatch(/^<!doctype html><html lang="en">/);
    expect(res.text).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(res.text).toContain('<nav aria-label="Console sections">');
    expect(res.text).toContain('<main id="main" tabindex="-1">');
    expect(res.text).toContain('<a href="/admin/users" aria-current="page">Users &amp; tokens</a>');
    for (const [, id] of res.text.matchAll(/<input id="([^"]+)"/g))
      expect(res.text).toContain(`<label for="${id}">`);
    for (const label of [
      "Dashboard",
      "Incidents",
      "Components",
      "Dependencies",
      "Subscribers",
      "Notifications",
      "Templates",
      "Settings",
      "Audit log",
    ])
      expect(res.text).toContain(`>${label}</a>`);
  });

  it("answer an unknown console path with a console 404 page", async () => {
    const b = await t.signedIn("viewer");
    const res = await b.get("/admin/nothing-here");
    expect(res.status).toBe(404);
    expect(res.text).toContain("There is no console page at /admin/nothing-here.");
  });
});
