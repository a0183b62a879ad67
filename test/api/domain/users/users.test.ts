import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../../../../api/domain/context.ts";
import { DomainError } from "../../../../api/domain/errors.ts";
import { changePassword } from "../../../../api/domain/users/change-password.ts";
import { createSession } from "../../../../api/domain/users/create-session.ts";
import { createUser } from "../../../../api/domain/users/create-user.ts";
import {
  hashPassword,
  owaspHashParams,
  parseHash,
  verifyHash,
} from "../../../../api/domain/users/password-hash.ts";
import { updateUser } from "../../../../api/domain/users/update-user.ts";
import { validateSession } from "../../../../api/domain/users/validate-session.ts";
import { verifyPassword } from "../../../../api/domain/users/verify-password.ts";
import { auditLog, sessions, users } from "../../../../db/schema/index.ts";
import { testHashParams, testPassword } from "../../../helpers/console-rig.ts";
import { createTestDb, type TestDb } from "../../../helpers/harness.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const owner = systemActor("test");
const cheap = { hashParams: testHashParams };
const add = (email: string, role: "owner" | "editor" | "viewer" = "editor", password = testPassword) =>
  createUser({
    ctx: { deps: t.deps, actor: owner, ...cheap },
    input: { email, name: email.split("@")[0]!, role, password },
  });
const minutes = (n: number) => n * 60_000;

describe("password hashing", () => {
  it("uses scrypt with OWASP's parameters (N=2^17, r=8, p=1) and a 16-byte salt by default", async () => {
    expect(owaspHashParams).toEqual({ N: 131072, r: 8, p: 1 });
    const user = await createUser({
      ctx: { deps: t.deps, actor: owner },
      input: {
        email: "default@example.com",
        name: "Default",
        role: "viewer",
        password: testPassword,
      },
    });
    const [row] = await t.deps.read((db) => db.select().from(users).where(eq(users.id, user.id)));
    expect(row!.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(parseHash(row!.passwordHash)!.salt).toHaveLength(16);
    expect(await verifyHash(row!.passwordHash, testPassword)).toBe(true);
  });

  it("salts every hash and verifies only the right password", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password!", testHashParams),
      hashPassword("same password!", testHashParams),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyHash(a, "same password!")).toBe(true);
    expect(await verifyHash(a, "same password?")).toBe(false);
    expect(await verifyHash("scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA", "x")).toBe(false);
  });

  it("refuses short passwords and one character repeated, saying what to do", async () => {
    await expect(add("short@example.com", "viewer", "elevenchars")).rejects.toThrow(/at least 12 characters/);
    await expect(add("same@example.com", "viewer", "aaaaaaaaaaaaaaaa")).rejects.toThrow(
      /one character repeated/,
    );
  });
});

describe("users", () => {
  it("normalises the email and refuses a second account for it", async () => {
    const user = await add("  Alice@Example.COM ");
    expect(user.email).toBe("alice@example.com");
    expect(user).not.toHaveProperty("passwordHash");
    await expect(add("alice@example.com")).rejects.toMatchObject({ code: "conflict" });
    await expect(add("not-an-email")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("verifies a password; unknown, wrong and disabled all answer null", async () => {
    const user = await add("bob@example.com");
    expect(
      (
        await verifyPassword({
          ctx: { deps: t.deps, ...cheap },
          input: { email: "BOB@example.com", password: testPassword },
        })
      )?.id,
    ).toBe(user.id);
    expect(
      await verifyPassword({
        ctx: { deps: t.deps, ...cheap },
        input: { email: "bob@example.com", password: "wrong password!" },
      }),
    ).toBeNull();
    expect(
      await verifyPassword({
        ctx: { deps: t.deps, ...cheap },
        input: { email: "nobody@example.com", password: testPassword },
      }),
    ).toBeNull();
    expect(
      await verifyPassword({
        ctx: { deps: t.deps, ...cheap },
        input: { email: "not an email", password: testPassword },
      }),
    ).toBeNull();
    await add("second-owner@example.com", "owner");
    await updateUser({ ctx: { deps: t.deps, actor: owner }, input: { disabled: true, id: user.id } });
    expect(
      await verifyPassword({
        ctx: { deps: t.deps, ...cheap },
        input: { email: "bob@example.com", password: testPassword },
      }),
    ).toBeNull();
  });

  it("never removes the last owner, by demotion or by disabling", async () => {
    const first = await add("first@example.com", "owner");
    const demote = updateUser({
      ctx: { deps: t.deps, actor: owner },
      input: { role: "editor", id: first.id },
    });
    await expect(demote).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/last owner/),
    });
    await expect(
      updateUser({ ctx: { deps: t.deps, actor: owner }, input: { disabled: true, id: first.id } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await add("second@example.com", "owner");
    expect(
      (await updateUser({ ctx: { deps: t.deps, actor: owner }, input: { role: "editor", id: first.id } }))
        .role,
    ).toBe("editor");
  });

  it("lets only owners manage users", async () => {
    const editor = { id: "user:usr_x", role: "editor" as const };
    await expect(
      createUser({
        ctx: { deps: t.deps, actor: editor, ...cheap },
        input: { email: "e@example.com", name: "E", role: "owner", password: testPassword },
      }),
    ).rejects.toBeInstanceOf(DomainError);
    const audit = await t.deps.read((db) => db.select().from(auditLog));
    expect(audit).toEqual([]);
  });

  it("writes an audit row without the hash for every change", async () => {
    const user = await add("audited@example.com");
    await updateUser({ ctx: { deps: t.deps, actor: owner }, input: { role: "viewer", id: user.id } });
    await changePassword({
      ctx: { deps: t.deps, actor: owner, ...cheap },
      input: { user: { id: user.id }, newPassword: "another good password" },
    });
    const rows = await t.deps.read((db) => db.select().from(auditLog).where(eq(auditLog.entityId, user.id)));
    expect(rows.map((r) => r.action)).toEqual(["user.create", "user.update", "user.change_password"]);
    expect(JSON.stringify(rows)).not.toMatch(/scrypt\$/);
  });
});

describe("sessions", () => {
  it("store only the SHA-256 of their secret", async () => {
    const user = await add("hash@example.com");
    const session = await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } });
    const [row] = await t.deps.read((db) => db.select().from(sessions).where(eq(sessions.id, session.id)));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(session.token);
  });

  it("end 2 hours after the last request, and 12 hours after sign-in whatever happens", async () => {
    const user = await add("expiry@example.com");
    const idle = await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } });
    t.clock.advance(minutes(119));
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: idle.token } })).not.toBeNull();
    t.clock.advance(minutes(119));
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: idle.token } })).not.toBeNull();
    t.clock.advance(minutes(121));
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: idle.token } })).toBeNull();

    const busy = await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } });
    for (let i = 0; i < 11; i++) {
      t.clock.advance(minutes(60));
      expect(await validateSession({ ctx: { deps: t.deps }, input: { token: busy.token } })).not.toBeNull();
    }
    t.clock.advance(minutes(60));
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: busy.token } })).toBeNull();
  });

  it("record the last request at most once a minute", async () => {
    const user = await add("touch@example.com");
    const session = await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } });
    const seen = async () =>
      (await t.deps.read((db) => db.select().from(sessions).where(eq(sessions.id, session.id))))[0]!
        .lastSeenAt;
    const start = await seen();
    t.clock.advance(30_000);
    await validateSession({ ctx: { deps: t.deps }, input: { token: session.token } });
    expect(await seen()).toEqual(start);
    t.clock.advance(30_000);
    await validateSession({ ctx: { deps: t.deps }, input: { token: session.token } });
    expect((await seen()).getTime()).toBe(start.getTime() + 60_000);
  });

  it("all end when the password changes or the user is disabled", async () => {
    const user = await add("many@example.com");
    const [a, b] = [
      await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } }),
      await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } }),
    ];
    await changePassword({
      ctx: { deps: t.deps, actor: owner, ...cheap },
      input: { user: { email: "many@example.com" }, newPassword: "a brand new password" },
    });
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: a.token } })).toBeNull();
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: b.token } })).toBeNull();
    const c = await createSession({ ctx: { deps: t.deps }, input: { userId: user.id } });
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: c.token } })).not.toBeNull();
    await updateUser({ ctx: { deps: t.deps, actor: owner }, input: { disabled: true, id: user.id } });
    expect(await validateSession({ ctx: { deps: t.deps }, input: { token: c.token } })).toBeNull();
  });

  it("a user changing their own password must give the current one", async () => {
    const user = await add("self@example.com");
    const self = { id: `user:${user.id}`, role: "editor" as const };
    const wrong = changePassword({
      ctx: { deps: t.deps, actor: self, ...cheap },
      input: {
        user: { id: user.id },
        currentPassword: "nope nope nope",
        newPassword: "a brand new password",
      },
    });
    await expect(wrong).rejects.toMatchObject({
      code: "invalid_input",
      details: [{ path: "current_password" }],
    });
    await changePassword({
      ctx: { deps: t.deps, actor: self, ...cheap },
      input: { user: { id: user.id }, currentPassword: testPassword, newPassword: "a brand new password" },
    });
    expect(
      await verifyPassword({
        ctx: { deps: t.deps, ...cheap },
        input: { email: user.email, password: "a brand new password" },
      }),
    ).not.toBeNull();
  });
});
