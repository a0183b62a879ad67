import { and, count, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { sessions, users } from "../../../db/schema/index.ts";
import type { Actor, Tx } from "../context.ts";
import { DomainError, notFound } from "../errors.ts";

export type UserRow = typeof users.$inferSelect;
/** A user as shown anywhere: never the password hash. */
export type UserInfo = Omit<UserRow, "passwordHash">;

export const userInfo = ({ passwordHash: _, ...rest }: UserRow): UserInfo => rest;

/** The actor of a signed-in user, as the audit log names it. */
export const userActor = (user: Pick<UserRow, "id" | "role">): Actor => ({
  id: `user:${user.id}`,
  role: user.role,
});

const emailSchema = z.email();

/** Lower-case and trimmed: one account per address however it is typed. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !emailSchema.safeParse(normalised).success)
    throw new DomainError("invalid_input", "email: must be an email address such as alice@example.com", [
      { path: "email", message: "must be an email address such as alice@example.com" },
    ]);
  return normalised;
}

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100)
    throw new DomainError("invalid_input", "name: must be 1 to 100 characters", [
      { path: "name", message: "must be 1 to 100 characters" },
    ]);
  return trimmed;
}

export async function getUser(tx: Tx, id: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound("User", id);
  return row;
}

/** Owners who can still sign in: there must always be one. */
export async function activeOwnerCount(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "owner"), isNull(users.disabledAt)));
  return row?.n ?? 0;
}

/** Ends every open session of a user (password change, disabling). */
export async function revokeUserSessions(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
