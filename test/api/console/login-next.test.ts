import { afterEach, describe, expect, it } from "vitest";
import { safeNext } from "../../../api/console/shell/safe-next.ts";
import { type ConsoleRig, createConsoleRig, testPassword } from "../../helpers/console-rig.ts";

let t: ConsoleRig;
afterEach(() => t?.close());

/** What a browser does with a Location header: resolve it against the page it came from. */
const landing = (location: string | null) => new URL(location ?? "", "http://status.test/admin/login");

/** `next` values that climb out of /admin after normalising, in the spellings browsers accept. */
const escapes = [
  "/admin/..//evil.example/phish",
  "/admin/%2e%2e//evil.example/phish",
  "/admin/%2E%2E//evil.example/phish",
  "/admin/.././/evil.example/phish",
  "/admin/..///evil.example/phish",
  "/admin/./..//evil.example/phish",
  "/admin/%2e%2e/%2e%2e//evil.example/phish",
  "/admin/.%2e//evil.example/phish",
  "/admin/..%2f%2fevil.example/phish",
  "/admin/%2e%2e%2f%2fevil.example/phish",
  "/admin/..\\\\evil.example/phish",
  "/admin/%5c%5cevil.example/phish",
  "/admin/..%5c%5cevil.example/phish",
  "/admin/..\t//evil.example/phish",
  "/admin/..%09//evil.example/phish",
  "/admin/../api/admin/tokens",
  "/admin/../",
  "https://evil.example/admin",
  "//evil.example/admin",
  "/\\evil.example",
  "admin/..//evil.example",
];

describe("the page after signing in (`next`)", () => {
  it.each(escapes)("never leaves the console for %s", (next) => {
    const target = landing(safeNext(next));
    expect(target.origin).toBe("http://status.test");
    expect(target.pathname === "/admin" || target.pathname.startsWith("/admin/")).toBe(true);
  });

  it("keeps a console page with its query", () => {
    expect(safeNext("/admin/incidents/inc_1?tab=updates")).toBe("/admin/incidents/inc_1?tab=updates");
    expect(safeNext("/admin/a/../users")).toBe("/admin/users");
    expect(safeNext("/admin")).toBe("/admin");
  });

  it("redirects the signed-in user within the console through the real form", async () => {
    t = await createConsoleRig();
    await t.addUser("viewer", "v@example.com");
    for (const next of escapes.slice(0, 10)) {
      const b = t.browser();
      const res = await b.signIn("v@example.com", testPassword, next);
      expect(res.status, next).toBe(303);
      expect(landing(res.location).origin, next).toBe("http://status.test");
      expect(res.location, next).toBe("/admin");
      // Already signed in, the sign-in page sends on at once: the same rule applies.
      const again = await b.get(`/admin/login?next=${encodeURIComponent(next)}`);
      expect(again.status, next).toBe(303);
      expect(again.location, next).toBe("/admin");
    }
  });
});
