import { eq } from "drizzle-orm";
import type { Role } from "../../../db/schema/enums.ts";
import { users } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Ctx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { checkPasswordStrength, hashPassword, type PasswordOptions } from "./password-hash.ts";
import { type CreateUserInput, createUserInput } from "./schemas.ts";
import { checkName, normaliseEmail, type UserInfo, type UserRow, userInfo } from "./user-store.ts";

/** Creates a console user (owners only). The password is hashed before the transaction: it is slow. */
export async function createUser(
  call: Call<typeof createUserInput, Ctx & PasswordOptions>,
): Promise<UserInfo> {
  const input = parseInput(createUserInput, call.input);
  const { deps, actor, ...options } = call.ctx;
  authorize(actor, "owner");
  const checked = checkUserInput(input);
  const passwordHash = await hashPassword(input.password, options.hashParams);
  return deps.write((tx) => insertUser(tx, deps.clock.now(), actor, { ...checked, passwordHash }));
}

export function checkUserInput(input: CreateUserInput) {
  const email = normaliseEmail(input.email);
  const name = checkName(input.name);
  checkPasswordStrength(input.password);
  return { email, name, role: input.role };
}

/** Inserts the row and its audit entry; `actor` may be the new user itself (first owner). */
export async function insertUser(
  tx: Tx,
  at: Date,
  actor: Actor | ((id: string) => Actor),
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<UserInfo> {
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing)
    throw new DomainError(
      "conflict",
      `A user with the email ${input.email} already exists (${existing.id}).`,
    );
  const row: UserRow = {
    id: newId("user"),
    ...input,
    passwordChangedAt: at,
    disabledAt: null,
    lastLoginAt: null,
    createdAt: at,
    updatedAt: at,
  };
  await tx.insert(users).values(row);
  await recordAudit(tx, at, typeof actor === "function" ? actor(row.id) : actor, {
    action: "user.create",
    entityType: "user",
    entityId: row.id,
    after: userInfo(row),
  });
  return userInfo(row);
}
