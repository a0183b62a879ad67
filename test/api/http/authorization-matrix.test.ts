import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import type { Role } from "../../../api/domain/types.ts";
import { createSession } from "../../../api/domain/users/create-session.ts";
import { createUser } from "../../../api/domain/users/create-user.ts";
import { requiredRoleOf } from "../../../api/web/auth.ts";
import { Browser, testHashParams, testPassword } from "../../helpers/console-rig.ts";
import { createTestApp, type TestApp, testPublicUrl } from "../../helpers/harness.ts";

/**
 * Walks every route the app registers under /api/admin and /admin and checks, with real requests,
 * that anonymous callers are refused, that viewers cannot change anything, and that editors cannot
 * reach owner-only routes. A new admin route without a role check fails here.
 */

/** Console pages anyone may open: they are how one gets a session. */
const publicConsole = new Set([
  "GET /admin/setup",
  "POST /admin/setup",
  "GET /admin/login",
  "POST /admin/login",
]);
/** State-changing console routes every signed-in user needs for themself. */
const selfService = new Set(["POST /admin/logout", "POST /admin/account/password"]);

interface AdminRoute {
  method: string;
  path: string;
  /** The role its check enforces, read from the handlers; undefined when it has none. */
  role: Role | undefined;
}

const rank: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };
const isAdmin = (path: string) =>
  path.startsWith("/api/admin/") || path === "/admin" || path.startsWith("/admin/");
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
/** A path with every parameter filled: the role check runs before any validation. */
const concrete = (path: string) =>
  path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, "x_matrix").replace(/\*/g, "x_matrix");
const changesState = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

let t: TestApp;
let routes: AdminRoute[];
const browsers = {} as Record<Role, Browser>;

beforeAll(async () => {
  t = await createTestApp();
  const byKey = new Map<string, AdminRoute>();
  // The console and the admin API are an app of their own, built on their first request.
  for (const r of (await t.app.adminApp()).routes) {
    if (r.method === "ALL" || !isAdmin(r.path)) continue;
    const entry = byKey.get(key(r)) ?? { method: r.method, path: r.path, role: undefined };
    const role = requiredRoleOf(r.handler);
    if (role && (!entry.role || rank[role] > rank[entry.role])) entry.role = role;
    byKey.set(key(entry), entry);
  }
  routes = [...byKey.values()];
  for (const role of ["viewer", "editor", "owner"] as const) {
    const user = await createUser({
      ctx: { deps: t.deps, actor: systemActor("test"), hashParams: testHashParams },
      input: { email: `${role}@example.com`, name: role, role, password: testPassword },
    });
    const b = new Browser(t.app, testPublicUrl);
    b.cookies.set(
      "vigie_session",
      (await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } })).token,
    );
    await b.get("/admin/account");
    expect(b.csrfToken, role).toBeDefined();
    browsers[role] = b;
  }
});
afterAll(() => t.close());

const api = (method: string, path: string, token: string | null) =>
  t.request(method, concrete(path), { token, ...(changesState(method) && { body: {} }) });
const consoleRequest = (b: Browser, method: string, path: string) =>
  b.send(method, concrete(path), { form: changesState(method) ? {} : undefined });

/**
 * 403 from the route's role check itself, before the handler: its message, not a domain verb's
 * ("This action needs…"), proves nothing ran.
 */
async function expectRefusedByRoleCheck(r: AdminRoute, role: "viewer" | "editor") {
  if (r.path.startsWith("/api/")) {
    const res = await api(r.method, r.path, t.tokens[role]);
    expect(res.status, key(r)).toBe(403);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message, key(r)).toMatch(/^This route needs the (editor|owner) role/);
  } else {
    const res = await consoleRequest(browsers[role], r.method, r.path);
    expect(res.status, key(r)).toBe(403);
    expect(res.text, key(r)).toMatch(/This needs the (editor|owner) role; you have the (viewer|editor) role/);
  }
}

describe("every admin route", () => {
  it("is found: the walk sees the API and the console", () => {
    expect(routes.filter((r) => r.path.startsWith("/api/admin/")).length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.path.startsWith("/admin")).length).toBeGreaterThan(10);
  });

  it("includes the SMS template editor and the dependency form, each with the role it needs", () => {
    const roles = Object.fromEntries(routes.map((r) => [key(r), r.role]));
    expect(roles).toMatchObject({
      "GET /admin/sms-templates/:key/:locale": "viewer",
      "POST /admin/sms-templates/:key/:locale": "editor",
      "POST /admin/sms-templates/:key/:locale/preview": "editor",
      "POST /admin/sms-templates/:key/:locale/reset": "editor",
      "POST /admin/templates/:key/:locale/preview": "editor",
      "GET /admin/dependencies/new": "editor",
      "POST /admin/dependencies": "editor",
      "POST /admin/dependencies/:id": "editor",
    });
  });

  it("states the role it needs (a route without a check fails here)", () => {
    const unchecked = routes.filter((r) => !r.role && !publicConsole.has(key(r))).map(key);
    expect(unchecked).toEqual([]);
  });

  it("needs at least the editor role to change anything, apart from the user's own session and password", () => {
    const open = routes.filter(
      (r) => changesState(r.method) && r.role === "viewer" && !selfService.has(key(r)),
    );
    expect(open.map(key)).toEqual([]);
  });

  it("refuses anonymous API calls with 401", async () => {
    for (const r of routes.filter((r) => r.path.startsWith("/api/admin/"))) {
      expect((await api(r.method, r.path, null)).status, key(r)).toBe(401);
    }
  });

  it("sends anonymous page views to the sign-in form and refuses anonymous posts (even with a valid CSRF token)", async () => {
    for (const r of routes.filter((r) => !r.path.startsWith("/api/") && !publicConsole.has(key(r)))) {
      const anonymous = new Browser(t.app, testPublicUrl);
      await anonymous.get("/admin/login");
      const res = await consoleRequest(anonymous, r.method, r.path);
      if (changesState(r.method)) expect(res.status, key(r)).toBe(401);
      else {
        expect(res.status, key(r)).toBe(303);
        expect(res.location, key(r)).toMatch(/^\/admin\/login\?next=/);
      }
    }
  });

  it("refuses a viewer on every state-changing route, token or session", async () => {
    for (const r of routes.filter(
      (r) => changesState(r.method) && !publicConsole.has(key(r)) && !selfService.has(key(r)),
    )) {
      await expectRefusedByRoleCheck(r, "viewer");
    }
  });

  it("refuses an editor on every owner-only route, token or session", async () => {
    const ownerOnly = routes.filter((r) => r.role === "owner");
    expect(ownerOnly.map(key)).toEqual(
      expect.arrayContaining(["GET /api/admin/tokens", "GET /admin/users", "POST /admin/tokens"]),
    );
    for (const r of ownerOnly) {
      await expectRefusedByRoleCheck(r, "editor");
    }
  });
});
