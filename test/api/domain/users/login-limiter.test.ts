import { afterEach, describe, expect, it } from "vitest";
import { createDeps } from "../../../../api/domain/context.ts";
import { silentLogger } from "../../../../api/domain/logger.ts";
import { LoginLimiter } from "../../../../api/domain/users/login-limiter.ts";
import { createDb } from "../../../../db/client.ts";
import { rateCounters } from "../../../../db/schema/index.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let db: TestDb;
afterEach(() => db?.close());

const admitted = async (limiter: LoginLimiter, email: string, address: string) => {
  const admission = await limiter.admit(email, address);
  if (!("attempt" in admission)) throw new Error(`held for ${admission.wait} s`);
  return admission.attempt;
};

describe("LoginLimiter", () => {
  it("does not count a try whose password was never checked (server busy or failing)", async () => {
    db = await createTestDb();
    const limiter = new LoginLimiter(db.deps);
    for (let i = 0; i < 30; i++) await (await admitted(limiter, "owner@example.com", "192.0.2.1")).cancel();
    // Neither the account, the pair nor the address carries anything: 3 real failures are still free.
    for (let i = 0; i < 3; i++) await admitted(limiter, "owner@example.com", "192.0.2.1");
    expect(await limiter.admit("owner@example.com", "192.0.2.1")).toEqual({ wait: 1 });
  });

  it("counts an account by its normalised email, and keeps no email in clear", async () => {
    db = await createTestDb();
    const limiter = new LoginLimiter(db.deps);
    for (const email of [" Owner@Example.com", "owner@example.com", "OWNER@EXAMPLE.COM "])
      await admitted(limiter, email, "192.0.2.1");
    expect(await limiter.admit("owner@example.com", "192.0.2.1")).toEqual({ wait: 1 });
    const long = `${"a".repeat(400)}@example.com`;
    for (let i = 0; i < 3; i++) await admitted(limiter, `${long}${i}`, "192.0.2.2");
    expect(await limiter.admit(`${long}x`, "192.0.2.2")).toEqual({ wait: 1 });
    const keys = (await db.deps.db.select().from(rateCounters)).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => /example|owner|aaaa/i.test(k))).toEqual([]);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(100);
  });

  it("holds across processes sharing the database and across a restart", async () => {
    db = await createTestDb({ storage: "file" });
    const handle = createDb({ url: `file:${db.file}` });
    try {
      const elsewhere = new LoginLimiter(createDeps({ handle, clock: db.clock, logger: silentLogger }));
      const here = new LoginLimiter(db.deps);
      // Three free failures, spread over two processes, then both hold the fourth.
      await admitted(here, "owner@example.com", "203.0.113.9");
      await admitted(elsewhere, "owner@example.com", "203.0.113.9");
      await admitted(here, "owner@example.com", "203.0.113.9");
      expect(await elsewhere.admit("owner@example.com", "203.0.113.9")).toEqual({ wait: 1 });
      expect(await here.admit("owner@example.com", "203.0.113.9")).toEqual({ wait: 1 });
      // A process started afresh knows too.
      expect(await new LoginLimiter(db.deps).admit("owner@example.com", "203.0.113.9")).toEqual({ wait: 1 });
      db.clock.advance(1_000);
      // A success on one process clears the account for the other.
      await (await admitted(elsewhere, "owner@example.com", "203.0.113.9")).succeeded();
      for (let i = 0; i < 3; i++) await admitted(here, "owner@example.com", "203.0.113.9");
      expect(await here.admit("owner@example.com", "203.0.113.9")).toEqual({ wait: 1 });
    } finally {
      handle.close();
    }
  });
});
