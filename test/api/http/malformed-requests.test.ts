import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../api/domain/logger.ts";
import { createApp } from "../../../api/http/app.ts";
import { siteRoutes } from "../../../api/http/site/serve-site.ts";
import { onError } from "../../../api/web/errors.ts";
import { testHashParams } from "../../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";
import { type Served, serveApp } from "../../helpers/serve.ts";

/** Every endpoint that reads a form without being signed in (the console's check its CSRF field). */
const anonymousFormEndpoints = [
  { path: "/api/subscribers", shape: "json" },
  { path: "/api/subscribers/verify", shape: "json" },
  { path: "/subscribers/manage?token=sub_tok_unknown", shape: "json" },
  { path: "/admin/login", shape: "html" },
  { path: "/admin/setup", shape: "html" },
  // The console reads the CSRF field of every form before it looks at the session.
  { path: "/admin/logout", shape: "html" },
  { path: "/admin/incidents", shape: "html" },
] as const;

const boundary = "----vigieBoundary7MA4YWxkTrZu0gW";
/** A multipart body that stops in the middle of a field: no closing boundary ever comes. */
const truncatedMultipart = `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nana@exa`;

let db: TestDb;
let served: Served;
let siteDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  siteDir = mkdtempSync(join(tmpdir(), "vigie-malformed-"));
  mkdirSync(siteDir, { recursive: true });
  writeFileSync(join(siteDir, "index.html"), "<!doctype html><title>Status</title>");
  const logger = createLogger("debug", (line) => logLines.push(line));
  const app = createApp({
    deps: { ...db.deps, logger },
    publicUrl: "http://status.test",
    hashParams: testHashParams,
  });
  // As the server mounts it: the built page answers what no route above did.
  app.route("/", siteRoutes({ root: siteDir, fallback: () => null }));
  served = await serveApp(app);
});
afterAll(async () => {
  await served.close();
  db.close();
  rmSync(siteDir, { recursive: true, force: true });
});

/** Log lines written while `fn` ran. */
async function logged(fn: () => Promise<void>): Promise<string[]> {
  const from = logLines.length;
  await fn();
  return logLines.slice(from);
}

function expectOneQuietLine(lines: string[]) {
  expect(lines.length).toBeLessThanOrEqual(1);
  for (const line of lines) {
    expect(line).not.toMatch(/ error /);
    expect(line).not.toContain("    at ");
    expect(line).not.toContain("\\n    at ");
  }
}

describe("a multipart body cut short", () => {
  it.each(anonymousFormEndpoints)(
    "answers 400 on POST $path, with no stack trace in the log",
    async ({ path, shape }) => {
      let res: Response | undefined;
      const lines = await logged(async () => {
        res = await fetch(`${served.url}${path}`, {
          method: "POST",
          headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: served.url },
          body: truncatedMultipart,
        });
      });
      expect(res!.status).toBe(400);
      const text = await res!.text();
      if (shape === "json") {
        expect(JSON.parse(text)).toEqual({
          error: { code: "bad_request", message: expect.stringContaining("malformed or cut short") },
        });
      } else {
        expect(res!.headers.get("Content-Type")).toMatch(/^text\/html/);
        expect(text).toContain("malformed or cut short");
      }
      expectOneQuietLine(lines);
    },
  );

  it.each(anonymousFormEndpoints)(
    "answers 400 on POST $path when the boundary is missing",
    async ({ path }) => {
      const res = await fetch(`${served.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data", Origin: served.url },
        body: truncatedMultipart,
      });
      expect(res.status).toBe(400);
    },
  );
});

describe("a malformed percent-encoding in the address", () => {
  it.each(["/%", "/%zz", "/history/%E0%A4%A", "/incidents/%"])("answers 400 on GET %s", async (path) => {
    let res: Response | undefined;
    const lines = await logged(async () => {
      res = await fetch(`${served.url}${path}`);
    });
    expect(res!.status).toBe(400);
    expect(await res!.json()).toEqual({
      error: {
        code: "bad_request",
        message: expect.stringContaining("a % must be followed by two hexadecimal"),
      },
    });
    expectOneQuietLine(lines);
  });

  it("still serves the page and answers 404 for a well-formed unknown address", async () => {
    expect((await fetch(`${served.url}/`)).status).toBe(200);
    expect((await fetch(`${served.url}/%25`)).status).toBe(404);
  });
});

describe("the error handler", () => {
  it("answers 400 and logs one line for a client's bad encoding that reached a handler", async () => {
    const lines: string[] = [];
    const app = new Hono();
    app.onError(onError(createLogger("debug", (line) => lines.push(line))));
    app.get("/echo", (c) => c.text(decodeURIComponent(c.req.header("X-Name") ?? "")));
    const res = await app.request("/echo", { headers: { "X-Name": "%E0%A4%A" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ info bad request method="GET" path="\/echo" reason="URI malformed"\n$/);
  });
});
