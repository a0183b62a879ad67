import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../helpers/vigie-process.ts";

/**
 * `vigie serve` as an operator runs it: `npm run build`, then the package's bin, with nothing but
 * Node 24. The server runs from the bundle in dist/: its worker thread, the console pages and the
 * providers' code must all be found there.
 */

const root = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);
/** Building and starting on a busy machine can take a while. */
const slowMs = 120_000;

let dir: string;
let child: ChildProcess;
let base: string;
let stdout = "";
let stderr = "";

beforeAll(async () => {
  await run(process.execPath, ["api/cli/build.js", "--if-stale"], { cwd: root, timeout: slowMs });
  dir = mkdtempSync(join(tmpdir(), "vigie-serve-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["api/cli/bin.js", "serve"], {
    cwd: root,
    // Only what an operator sets: no NODE_OPTIONS, no loader.
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: "http://status.test",
      DATA_DIR: join(dir, "data"),
      DATABASE_URL: `file:${join(dir, "data", "vigie.db")}`,
      VIGIE_PUBLISHER: "0",
      VIGIE_MONITOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  // The start line, or the end of the process, whichever comes first.
  const started = Date.now();
  while (!/^Vigie is running at /.test(stdout)) {
    if (child.exitCode !== null) throw new Error(`vigie serve exited (${child.exitCode}): ${stderr}`);
    if (Date.now() - started > slowMs) throw new Error(`no start line within ${slowMs} ms: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(stdout).toMatch(/^Vigie is running at http:\/\/status\.test \(listening on 127\.0\.0\.1:\d+\)/);
}, slowMs * 2);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("vigie serve", () => {
  it("runs the build, in one process with the server's heap limits, with no TypeScript loader", async () => {
    expect(existsSync(join(root, "dist", "server.js"))).toBe(true);
    expect(stderr).not.toMatch(/starting from the TypeScript sources/);
    // The bin replaced itself (same pid) with a Node carrying the heap limits.
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "utf8").split("\0");
    expect(cmdline).toEqual(expect.arrayContaining(["--max-semi-space-size=4", "--max-old-space-size=256"]));
    // ...and with the C library told to keep two malloc arenas.
    const environ = readFileSync(`/proc/${child.pid}/environ`, "utf8").split("\0");
    expect(environ).toContain("MALLOC_ARENA_MAX=2");
    expect(stdout).toMatch(/demo data loaded/);
  });

  it("builds a bundle whose source text is all Latin-1, one byte a character in V8's memory", () => {
    const files = ["server.js", ...readdirSync(join(root, "dist", "chunks")).map((f) => join("chunks", f))];
    const offending = files
      .filter((file) => file.endsWith(".js"))
      .flatMap((file) => {
        const found = readFileSync(join(root, "dist", file), "utf8").match(/[\u0100-\uffff]/g);
        return found ? [`${file}: ${[...new Set(found)].join(" ")}`] : [];
      });
    expect(files.length).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });

  it("serves the public API, the console and the OpenAPI document from the bundle", async () => {
    const summary = (await (await fetch(`${base}/api/v2/summary.json`)).json()) as {
      components: { name: string }[];
    };
    expect(summary.components.length).toBeGreaterThan(0);
    const login = await fetch(`${base}/admin/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/<form[^>]*method="post"/i);
    const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).toContain("/api/admin/incidents");
  });

  it(
    "starts the email thread from the bundle when a confirmation is waiting, and writes it",
    async () => {
      const mailbox = join(dir, "data", "mailbox");
      const res = await fetch(`${base}/api/subscribers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ channel: "email", address: "reader@example.com" }),
      });
      expect(res.status).toBe(202);
      const emails = () =>
        existsSync(mailbox) ? readdirSync(mailbox).filter((f) => f.endsWith(".eml")) : [];
      await expect.poll(() => emails().length, { timeout: 60_000, interval: 200 }).toBe(1);
      const eml = readFileSync(join(mailbox, emails()[0]!), "utf8");
      expect(eml).toMatch(/^To: reader@example\.com/m);
      // The body is quoted-printable: soft line breaks and `=3D` for `=`.
      const decoded = eml.replace(/=\r?\n/g, "").replaceAll("=3D", "=");
      expect(decoded).toMatch(/http:\/\/status\.test\/subscribe\/confirm\?token=[\w.-]+/);
    },
    slowMs,
  );
});
