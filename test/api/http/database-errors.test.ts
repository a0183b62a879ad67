import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../api/domain/context.ts";
import { createLogger } from "../../../api/domain/logger.ts";
import { createToken } from "../../../api/domain/tokens/tokens.ts";
import { createApp } from "../../../api/http/app.ts";
import { DatabaseQueryError } from "../../../db/query-errors.ts";
import { users } from "../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../helpers/harness.ts";

let db: TestDb;
afterEach(() => db.close());

/** Values a failed statement binds that must never reach a log line. */
const subscriberEmail = "canary.subscriber.4f1d@example.com";
const passwordHash = `scrypt$131072$8$1$c2FsdHNhbHRzYWx0$${"SECRETHASHxyz".repeat(4)}`;

/** Inserts into these tables now fail inside the statement, as a full disk or a read-only file does. */
async function refuseInserts(t: TestDb, tables: string[]) {
  for (const table of tables)
    await t.handle.client.execute(
      `CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
}

describe("a failed query", () => {
  it("is logged with the driver's code and message but never its parameters", async () => {
    db = await createTestDb();
    const lines: string[] = [];
    const logger = createLogger("debug", (line) => lines.push(line));
    const app = createApp({ deps: { ...db.deps, logger }, publicUrl: "http://status.test" });
    const { token } = await createToken({
      ctx: { deps: db.deps, actor: systemActor("test") },
      input: { name: "ops", role: "owner" },
    });
    await refuseInserts(db, ["subscribers", "components"]);

    const subscribe = await app.request("/api/subscribers", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ channel: "email", address: subscriberEmail }),
    });
    const component = await app.request("/api/admin/components", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: "sk_live_canaryComponentName" }),
    });
    expect(subscribe.status).toBe(500);
    expect(component.status).toBe(500);
    expect(await subscribe.json()).toEqual({
      error: { code: "internal_error", message: "Something went wrong on our side; it has been logged." },
    });

    const log = lines.join("");
    expect(lines.filter((line) => / error unhandled error /.test(line))).toHaveLength(2);
    expect(log).toContain("SQLITE_CONSTRAINT: refused by the test");
    expect(log).toMatch(/\(query: insert into \\"subscribers\\"/);
    for (const secret of [subscriberEmail, "sk_live_canaryComponentName", token, "params:"])
      expect(log).not.toContain(secret);
  });

  it("carries no parameter in its message, stack or inspection, only the SQL and the driver's cause", async () => {
    db = await createTestDb();
    await refuseInserts(db, ["users"]);
    const error = await db.deps
      .write((tx) =>
        tx.insert(users).values({
          id: "usr_canary",
          email: "owner.canary@example.com",
          name: "Owner",
          role: "owner",
          passwordHash,
          passwordChangedAt: new Date(),
          createdAt: new Date(),
          updatedAt: new Date(),
        }),
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect((error as DatabaseQueryError).code).toBe("SQLITE_CONSTRAINT");
    for (const text of [String(error), (error as Error).stack ?? "", inspect(error, { depth: 5 })]) {
      expect(text).toContain("refused by the test");
      expect(text).not.toContain("SECRETHASH");
      expect(text).not.toContain("owner.canary@example.com");
    }
  });
});
