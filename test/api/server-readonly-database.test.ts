import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { systemClock } from "../../api/domain/clock.ts";
import { createDeps, systemActor } from "../../api/domain/context.ts";
import { silentLogger } from "../../api/domain/logger.ts";
import { createUser } from "../../api/domain/users/create-user.ts";
import { createDb, migrateDb } from "../../db/client.ts";
import { testHashParams, testPassword } from "../helpers/console-rig.ts";

/** `npm start` on a database it may read but not write: it must stop at once, not run and fail every write. */

const root = fileURLToPath(new URL("../..", import.meta.url));
const nobody = 65534;
/** Permissions do not bind root: the server then runs as an ordinary account, as in production. */
const unprivileged = process.getuid?.() === 0 ? { uid: nobody, gid: nobody } : {};

async function migratedDatabase(onFinished: (fn: () => void) => void) {
  const dir = mkdtempSync(join(tmpdir(), "vigie-readonly-"));
  onFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "vigie.db");
  const handle = createDb({ url: `file:${path}` });
  await migrateDb(handle);
  // An installation in use: with its owner account made, starting writes nothing.
  const deps = createDeps({ handle, clock: systemClock, logger: silentLogger });
  const owner = { email: "owner@example.com", name: "Owner", role: "owner" as const, password: testPassword };
  await createUser({ ctx: { deps, actor: systemActor("test"), hashParams: testHashParams }, input: owner });
  handle.close();
  return { dir, path };
}

function start(dbPath: string, dataDir: string, onFinished: (fn: () => void) => void) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "39999", HOST: "127.0.0.1" };
  Object.assign(env, {
    DATABASE_URL: `file:${dbPath}`,
    DATA_DIR: dataDir,
    VIGIE_PUBLISHER: "0",
    VIGIE_DEMO: "0",
  });
  delete env.DATABASE_AUTH_TOKEN;
  const child = spawn(process.execPath, ["--import", "tsx", "api/server.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    ...unprivileged,
  });
  onFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
}

describe.concurrent("npm start on a read-only database", () => {
  it("exits with code 2 and names the file when the file is read-only", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, path } = await migratedDatabase(onTestFinished);
    chmodSync(path, 0o444);
    chmodSync(dir, 0o777);
    const result = await start(path, join(dir, "data"), onTestFinished);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `vigie: the database at ${path} is read-only (SQLITE_READONLY: attempt to write a readonly database): ` +
        "let the account running Vigie write that file and its folder (SQLite creates -wal and -shm files next to it), " +
        "or point DATABASE_URL at a writable one\n",
    );
    expect(result.code).toBe(2);
  }, 30_000);

  it("exits with code 2 and names the file when its folder is read-only", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, path } = await migratedDatabase(onTestFinished);
    chmodSync(path, 0o444);
    chmodSync(dir, 0o555);
    const result = await start(path, join(tmpdir(), "vigie-readonly-unused"), onTestFinished);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(`^vigie: [^\\n]*${path.replace(/[.]/g, "\\.")}[^\\n]*SQLITE_READONLY`),
    );
    expect(result.code).toBe(2);
  }, 30_000);
});
