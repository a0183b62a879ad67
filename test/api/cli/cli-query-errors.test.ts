import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../api/cli/main.ts";
import { createDb, migrateDb } from "../../../db/client.ts";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a command whose write the database refuses", () => {
  it("says why in one line, without the values it tried to write (the new password's hash)", async () => {
    dir = mkdtempSync(join(tmpdir(), "vigie-cli-errors-"));
    const databaseUrl = `file:${join(dir, "vigie.db")}`;
    const handle = createDb({ url: databaseUrl });
    await migrateDb(handle);
    await handle.client.execute(
      "CREATE TRIGGER refuse_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    );
    handle.close();
    const err: string[] = [];
    const code = await runCli(
      ["user", "create", "--email", "canary.owner@example.com", "--role", "owner", "--password-stdin"],
      {
        env: { DATABASE_URL: databaseUrl },
        stdout: () => {},
        stderr: (text) => err.push(text),
        readStdin: async () => "a long canary password",
      },
    );
    const stderr = err.join("");
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^vigie: SQLITE_CONSTRAINT: refused by the test \(query: insert into "users" [^\n]*\)\n$/,
    );
    for (const secret of ["scrypt$", "canary.owner@example.com", "params:"])
      expect(stderr).not.toContain(secret);
  }, 30_000);
});
