import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createApp } from "../../../api/http/app.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { testPublicUrl } from "../../helpers/harness.ts";
import { runCliCapturing } from "../../helpers/run-cli.ts";
import { envWithoutSettings } from "../../helpers/vigie-process.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));

let dir: string;
let dbPath: string;
let databaseUrl: string;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-cli-"));
  dbPath = join(dir, "vigie.db");
  databaseUrl = `file:${dbPath}`;
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process against the temp database, capturing its output. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runCliCapturing(args, { DATABASE_URL: databaseUrl, ...env });
  return { code, stdout, stderr };
}

async function createTokenWithCli(name: string, role?: string) {
  const res = await cli(["token", "create", "--name", name, ...(role ? ["--role", role] : [])]);
  expect(res).toMatchObject({ code: 0, stderr: "" });
  expect(res.stdout).toMatch(/^vgt_[A-Za-z0-9_-]{20,}\n$/);
  return res.stdout.trim();
}

/** The real admin API over the same database file, as the server would serve it. */
async function adminApi() {
  const handle = createDb({ url: databaseUrl });
  await migrateDb(handle);
  cleanups.push(() => handle.close());
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger, versionTtlMs: 0 });
  const app = createApp({ deps, publicUrl: testPublicUrl });
  return async (method: string, path: string, token: string | null, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
    return { status: res.status, body: (await res.json()) as any };
  };
}

/** The `token list` row of the token called `name`, split into its columns. */
async function listedToken(name: string) {
  const res = await cli(["token", "list"]);
  expect(res).toMatchObject({ code: 0, stderr: "" });
  const lines = res.stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+STATE$/);
  const row = lines
    .slice(1)
    .map((line) => line.split(/ {2,}/))
    .find((cells) => cells[1] === name);
  expect(row, `no row for ${name} in:\n${res.stdout}`).toBeDefined();
  const [id, , role, prefix, created, lastUsed, state] = row!;
  return { id: id!, role, prefix, created, lastUsed, state, output: res.stdout };
}

describe("vigie migrate", () => {
  it("creates the database with every table, and can run again", async () => {
    expect(existsSync(dbPath)).toBe(false);
    const first = await cli(["migrate"]);
    expect(first).toEqual({ code: 0, stdout: `Database ${dbPath} is migrated and ready.\n`, stderr: "" });
    const client = createClient({ url: databaseUrl });
    cleanups.push(() => client.close());
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    const names = tables.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["api_tokens", "components", "incidents", "settings"]));
    expect(await cli(["migrate"])).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("vigie help", () => {
  it("prints the commands on stdout", async () => {
    const res = await cli(["help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("token create --name <name>");
    expect(res.stderr).toBe("");
  });

  it("without a command, prints them on stderr and fails", async () => {
    const res = await cli([]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain("Usage: vigie <command>");
  });
});

describe("vigie token", () => {
  it("create prints only the token, and the token works on the admin API", async () => {
    const token = await createTokenWithCli("ci");
    const api = await adminApi();
    const listed = await api("GET", "/api/admin/components", token);
    expect(listed).toEqual({ status: 200, body: { components: [] } });
    // The default role is editor: it may write, but not manage tokens.
    expect((await api("POST", "/api/admin/components", token, { name: "API" })).status).toBe(201);
    expect((await api("GET", "/api/admin/tokens", token)).status).toBe(403);
    expect((await api("GET", "/api/admin/components", null)).status).toBe(401);
    expect((await api("GET", "/api/admin/components", `${token}x`)).status).toBe(401);
  });

  it("create respects --role", async () => {
    const viewer = await createTokenWithCli("dashboards", "viewer");
    const owner = await createTokenWithCli("admin", "owner");
    const api = await adminApi();
    expect((await api("GET", "/api/admin/components", viewer)).status).toBe(200);
    const refused = await api("POST", "/api/admin/components", viewer, { name: "API" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await api("GET", "/api/admin/tokens", owner)).status).toBe(200);
    expect((await listedToken("dashboards")).role).toBe("viewer");
    expect((await listedToken("admin")).role).toBe("owner");
  });

  it("list shows a token without its secret", async () => {
    expect(await cli(["token", "list"])).toEqual({
      code: 0,
      stdout: "No tokens. Create one with: vigie token create --name <name>\n",
      stderr: "",
    });
    const token = await createTokenWithCli("ci deploys");
    const row = await listedToken("ci deploys");
    expect(row.id).toMatch(/^tok_/);
    expect(row.role).toBe("editor");
    expect(row.prefix).toBe(`${token.slice(0, 10)}…`);
    expect(new Date(row.created!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(row.lastUsed).toBe("never");
    expect(row.state).toBe("active");
    expect(row.output).not.toContain(token);
    expect(row.output).not.toContain(token.slice(10));
  });

  it("revoke makes the token fail with 401 at once", async () => {
    const token = await createTokenWithCli("laptop");
    const api = await adminApi();
    expect((await api("GET", "/api/admin/components", token)).status).toBe(200);
    const { id } = await listedToken("laptop");
    expect(await cli(["token", "revoke", id])).toEqual({
      code: 0,
      stdout: `Revoked ${id} (laptop).\n`,
      stderr: "",
    });
    const refused = await api("GET", "/api/admin/components", token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");
    expect((await listedToken("laptop")).state).toMatch(/^revoked \d{4}-/);
    const again = await cli(["token", "revoke", id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`vigie: Token ${id} is already revoked.\n`);
  });
});

describe("errors: a non-zero exit and one clear line on stderr", () => {
  const cases: [string, string[], Record<string, string>, number, RegExp][] = [
    ["missing --name", ["token", "create"], {}, 2, /needs --name <name>/],
    ["blank --name", ["token", "create", "--name", "  "], {}, 2, /needs --name <name>/],
    [
      "bad role",
      ["token", "create", "--name", "x", "--role", "admin"],
      {},
      2,
      /--role must be one of viewer, editor, owner; got "admin"/,
    ],
    ["unknown option", ["token", "create", "--name", "x", "--nmae", "y"], {}, 2, /Unknown option '--nmae'/],
    ["unknown command", ["frobnicate"], {}, 2, /unknown command "frobnicate"/],
    ["unknown token subcommand", ["token", "delete"], {}, 2, /create, list or revoke/],
    ["revoke without id", ["token", "revoke"], {}, 2, /exactly one token id/],
    ["extra argument", ["migrate", "now"], {}, 2, /Unexpected argument 'now'/],
    ["bad PORT", ["migrate"], { PORT: "abc" }, 2, /PORT must be a whole number .*"abc"/],
    ["bad DATABASE_URL", ["migrate"], { DATABASE_URL: "mysql://x" }, 2, /DATABASE_URL must be/],
  ];

  it.each(cases)("%s", async (_, args, env, code, message) => {
    const res = await cli(args, env);
    expect(res.code).toBe(code);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^vigie: [^\n]+\n$/);
    expect(res.stderr).toMatch(message);
    // A wrong command line is refused before the database is created.
    expect(existsSync(dbPath)).toBe(false);
  });

  it("unknown token id", async () => {
    const res = await cli(["token", "revoke", "tok_doesnotexist"]);
    expect(res).toEqual({ code: 1, stdout: "", stderr: 'vigie: Token "tok_doesnotexist" does not exist.\n' });
  });

  it("a database that cannot be opened is named", async () => {
    const notADb = join(dir, "not-a-db");
    writeFileSync(notADb, "this is not SQLite");
    const res = await cli(["migrate"], { DATABASE_URL: `file:${notADb}` });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe(
      `vigie: cannot open the database at ${notADb}: SQLITE_NOTADB: file is not a database\n`,
    );
  });
});

describe("the vigie bin", () => {
  it("runs as a command of its own", async () => {
    const env = envWithoutSettings();
    env.DATABASE_URL = databaseUrl;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(root, "api/cli/bin.js"), "token", "create", "--name", "from-bin", "--role", "viewer"],
      { cwd: dir, env, timeout: 15_000 },
    );
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^vgt_[A-Za-z0-9_-]{20,}\n$/);
    expect((await listedToken("from-bin")).role).toBe("viewer");
  });
});
