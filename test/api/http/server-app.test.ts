import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkSecret, signLink } from "../../../api/domain/subscribers/links.ts";
import { subscribeEmail } from "../../../api/domain/subscribers/subscribe-email.ts";
import { createServerApp, type ServerAppOptions } from "../../../api/http/server-app.ts";
import { SiteFolder } from "../../../api/publish/site-folder.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb, testPublicUrl } from "../../helpers/harness.ts";
import { serveApp } from "../../helpers/serve.ts";

let t: TestDb;
let dir: string;
let folder: SiteFolder;

const inlineScript = "document.documentElement.dataset.live='1';";

/** A complete build as the publisher leaves it under builds/. */
function addBuild(name: string, title: string): string {
  const build = join(folder.builds, name);
  mkdirSync(build, { recursive: true });
  writeFileSync(
    join(build, "index.html"),
    `<!doctype html><title>${title}</title><script>${inlineScript}</script>`,
  );
  writeFileSync(join(build, "404.html"), "<!doctype html><title>Not found</title>");
  writeFileSync(
    join(build, "logo.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  );
  return build;
}

const app = (options: Partial<ServerAppOptions> = {}) =>
  createServerApp({
    deps: t.deps,
    publicUrl: testPublicUrl,
    siteRoot: () => folder.servedRoot(),
    ...options,
  });

const title = async (res: Response) => /<title>(.*)<\/title>/.exec(await res.text())?.[1];

beforeEach(async () => {
  t = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), "vigie-server-app-"));
  folder = new SiteFolder(join(dir, "site"));
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /healthz", () => {
  it("answers ok once the page is built, whatever the site's catch-all would say", async () => {
    symlinkSync(addBuild("1-aaaaaa", "Home"), folder.current);
    const res = await app().request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect((await app().request("/nowhere")).status).toBe(404);
  });
});

describe("which build is served", () => {
  it("serves the newest good build when current is missing, not the landing page", async () => {
    addBuild("1-aaaaaa", "Old");
    addBuild("2-bbbbbb", "Newest");
    const res = await app().request("/");
    expect(res.status).toBe(200);
    expect(await title(res)).toBe("Newest");
  });

  it("never serves a current folder Vigie did not make (a defaced copy)", async () => {
    addBuild("1-aaaaaa", "Ours");
    mkdirSync(folder.current, { recursive: true });
    writeFileSync(join(folder.current, "index.html"), "<!doctype html><title>Defaced</title>");
    expect(await title(await app().request("/"))).toBe("Ours");
  });

  it("answers the landing page before the first build", async () => {
    const res = await app().request("/");
    expect(await title(res)).toBe("Vigie");
  });
});

describe("security headers of the static page", () => {
  it("gives pages a strict policy that allows their own inline script by hash and forbids framing", async () => {
    symlinkSync(addBuild("1-aaaaaa", "Home"), folder.current);
    const res = await app({ liveApiUrl: "https://api.status.example" }).request("/");
    const csp = res.headers.get("content-security-policy")!;
    const hash = createHash("sha256").update(inlineScript).digest("base64");
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://api.status.example");
    expect(csp).toContain("form-action 'self' https://api.status.example");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const notFound = await app().request("/nowhere");
    expect(notFound.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("serves the logo and every other file sandboxed: an SVG that slipped a script through runs nothing", async () => {
    symlinkSync(addBuild("1-aaaaaa", "Home"), folder.current);
    const res = await app().request("/logo.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/(^|; )sandbox($|;)/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("subscriber pages", () => {
  it("are never cached, never framed, send no referrer and run no script", async () => {
    await subscribeEmail({ ctx: { deps: t.deps }, input: { channel: "email", address: "ada@example.com" } });
    const [ada] = await t.deps.db
      .select()
      .from(subscribers)
      .where(eq(subscribers.address, "ada@example.com"));
    const token = signLink(await linkSecret(t.deps), "manage", ada!.id, ada!.tokenVersion);
    for (const path of [
      `/subscribers/unsubscribe?token=${token}`,
      `/subscribers/manage?token=${token}`,
      "/subscribers/confirm?token=wrong",
    ]) {
      const res = await app().request(path);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
    }
    const answer = await app().request("/api/subscribers", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=bob%40example.com",
    });
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});

describe("ADMIN_URL", () => {
  const adminUrl = "http://admin.status.test";
  const split = () => app({ adminUrl });

  it("serves the console and the admin API on the admin host only", async () => {
    symlinkSync(addBuild("1-aaaaaa", "Home"), folder.current);
    const onPublic = await split().request(`${testPublicUrl}/admin/login`);
    expect(onPublic.status).toBe(404);
    expect((await split().request(`${testPublicUrl}/api/admin/settings`)).status).toBe(404);
    expect((await split().request(`${testPublicUrl}/api/openapi.json`)).status).toBe(404);
    expect((await split().request(`${adminUrl}/admin/login`)).status).toBe(200);
    expect((await split().request(`${adminUrl}/api/admin/settings`)).status).toBe(401);
  });

  it("serves nothing of the page on the admin host: no published file shares the console's origin", async () => {
    symlinkSync(addBuild("1-aaaaaa", "Home"), folder.current);
    expect((await split().request(`${adminUrl}/logo.svg`)).status).toBe(404);
    expect((await split().request(`${adminUrl}/index.html`)).status).toBe(404);
    const home = await split().request(`${adminUrl}/`);
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/admin");
    expect((await split().request(`${testPublicUrl}/logo.svg`)).status).toBe(200);
    expect((await split().request(`${adminUrl}/healthz`)).status).toBe(200);
  });

  it("tells the hosts apart by the Host header over real HTTP, as a browser or a proxy sends it", async () => {
    const served = await serveApp(split());
    try {
      const port = new URL(served.url).port;
      const statusFor = (host: string, path: string) =>
        new Promise<number>((done, fail) =>
          get({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
            res.resume();
            done(res.statusCode ?? 0);
          }).on("error", fail),
        );
      expect(await statusFor("admin.status.test", "/admin/login")).toBe(200);
      expect(await statusFor("status.test", "/admin/login")).toBe(404);
      expect(await statusFor("status.test", "/api/v2/summary.json")).toBe(200);
      expect(await statusFor("admin.status.test", "/api/v2/summary.json")).toBe(404);
    } finally {
      await served.close();
    }
  });

  it("without ADMIN_URL, keeps the console at /admin on the one host", async () => {
    expect((await app().request(`${testPublicUrl}/admin/login`)).status).toBe(200);
  });
});
