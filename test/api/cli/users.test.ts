import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../api/domain/clock.ts";
import { createDeps } from "../../../api/domain/context.ts";
import { silentLogger } from "../../../api/domain/logger.ts";
import { createSession } from "../../../api/domain/users/create-session.ts";
import { validateSession } from "../../../api/domain/users/validate-session.ts";
import { verifyPassword } from "../../../api/domain/users/verify-password.ts";
import { createDb, migrateDb } from "../../../db/client.ts";
import { runCliCapturing } from "../../helpers/run-cli.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
let dir: string;
let databaseUrl: string;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigie-cli-users-"));
  databaseUrl = `file:${join(dir, "vigie.db")}`;
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process with `stdin` as standard input. */
const cli = (args: string[], stdin?: string) =>
  runCliCapturing(args, { DATABASE_URL: databaseUrl }, stdin ?? "");

async function openDeps() {
  const handle = createDb({ url: databaseUrl });
  await migrateDb(handle);
  cleanups.push(() => handle.close());
  return createDeps({ handle, clock: systemClock, logger: silentLogger, versionTtlMs: 0 });
}

describe("vigie user", () => {
  it("create reads the password from stdin (one trailing newline dropped) and the user can sign in with it", async () => {
    const res = await cli(
      ["user", "create", "--email", "Root@Example.com", "--role", "owner", "--password-stdin"],
      "a long root password\n",
    );
    expect(res).toMatchObject({ code: 0, stderr: "" });
    expect(res.stdout).toMatch(/^Created usr_[a-z0-9]{16} \(root@example\.com, owner\)\./);
    const deps = await openDeps();
    const user = await verifyPassword({
      ctx: { deps },
      input: { email: "root@example.com", password: "a long root password" },
    });
    expect(user).toMatchObject({ role: "owner", name: "Root" });
    expect(
      await verifyPassword({
        ctx: { deps },
        input: { email: "root@example.com", password: "a long root password\n" },
      }),
    ).toBeNull();
  });

  it("refuses a password on the command line, an empty stdin and a weak password", async () => {
    const noFlag = await cli(["user", "create", "--email", "a@example.com", "--password", "x"]);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toMatch(/Unknown option '--password'/);
    const missing = await cli(["user", "create", "--email", "a@example.com"]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain("needs --password-stdin");
    const empty = await cli(["user", "create", "--email", "a@example.com", "--password-stdin"], "\n");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("standard input is empty");
    const weak = await cli(["user", "create", "--email", "a@example.com", "--password-stdin"], "short\n");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("at least 12 characters");
    const role = await cli(
      ["user", "create", "--email", "a@example.com", "--role", "admin", "--password-stdin"],
      "x",
    );
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role must be one of viewer, editor, owner");
  });

  it("list shows users without hashes; set-password changes it and signs out their sessions", async () => {
    expect((await cli(["user", "list"])).stdout).toContain("No users.");
    await cli(
      ["user", "create", "--email", "ed@example.com", "--name", "Ed", "--password-stdin"],
      "first password ok",
    );
    const listed = await cli(["user", "list"]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+STATE\s+LAST SIGN-IN$/);
    expect(lines[1]).toMatch(/^usr_\w+\s+ed@example\.com\s+Ed\s+editor\s+active\s+never$/);
    expect(listed.stdout).not.toContain("scrypt");

    const deps = await openDeps();
    const user = await verifyPassword({
      ctx: { deps },
      input: { email: "ed@example.com", password: "first password ok" },
    });
    const session = await createSession({ ctx: { deps }, input: { userId: user!.id } });
    const set = await cli(
      ["user", "set-password", "--email", "ED@example.com", "--password-stdin"],
      "second password ok\r\n",
    );
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(await validateSession({ ctx: { deps }, input: { token: session.token } })).toBeNull();
    expect(
      await verifyPassword({
        ctx: { deps },
        input: { email: "ed@example.com", password: "second password ok" },
      }),
    ).not.toBeNull();
    const unknown = await cli(
      ["user", "set-password", "--email", "nobody@example.com", "--password-stdin"],
      "third password ok",
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('User "nobody@example.com" does not exist.');
  });

  it("reads a piped stdin through `npm run vigie`'s entry point", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "api/cli/run.ts"),
        "user",
        "create",
        "--email",
        "piped@example.com",
        "--role",
        "viewer",
        "--password-stdin",
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
        stdio: ["pipe", "pipe", "pipe"],
        timeout: 20_000,
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end("a piped password\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("piped@example.com, viewer");
    expect(
      await verifyPassword({
        ctx: { deps: await openDeps() },
        input: { email: "piped@example.com", password: "a piped password" },
      }),
    ).not.toBeNull();
  });
});
