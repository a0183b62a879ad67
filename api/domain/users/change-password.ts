import { eq } from "drizzle-orm";
import { users } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError, notFound } from "../errors.ts";
import type { Ctx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { checkPasswordStrength, hashPassword, type PasswordOptions, verifyHash } from "./password-hash.ts";
import { changePasswordInput } from "./schemas.ts";
import { getUser, normaliseEmail, revokeUserSessions, type UserInfo, userInfo } from "./user-store.ts";

/**
 * Sets a new password and ends every session of that user (a stolen cookie dies with the old
 * password). Users change their own with the current one; owners (and the CLI) may reset anyone's.
 */
export async function changePassword(
  call: Call<typeof changePasswordInput, Ctx & PasswordOptions>,
): Promise<UserInfo> {
  const input = parseInput(changePasswordInput, call.input);
  const { deps, actor, ...options } = call.ctx;
  const target = await deps.read((db) =>
    db
      .select()
      .from(users)
      .where(
        "id" in input.user ? eq(users.id, input.user.id) : eq(users.email, normaliseEmail(input.user.email)),
      ),
  );
  const row = target[0];
  if (!row) throw notFound("User", "id" in input.user ? input.user.id : input.user.email);
  const self = actor.id === `user:${row.id}`;
  if (self) {
    const ok =
      input.currentPassword !== undefined && (await verifyHash(row.passwordHash, input.currentPassword));
    if (!ok)
      throw new DomainError("invalid_input", "current_password: is not your current password", [
        { path: "current_password", message: "is not your current password" },
      ]);
  } else {
    authorize(actor, "owner");
  }
  checkPasswordStrength(input.newPassword, "new_password");
  const passwordHash = await hashPassword(input.newPassword, options.hashParams);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const before = await getUser(tx, row.id);
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: at, updatedAt: at })
      .where(eq(users.id, row.id));
    await revokeUserSessions(tx, row.id, at);
    const after = { ...before, passwordHash, passwordChangedAt: at, updatedAt: at };
    await recordAudit(tx, at, actor, {
      action: "user.change_password",
      entityType: "user",
      entityId: row.id,
      before: { passwordChangedAt: before.passwordChangedAt },
      after: { passwordChangedAt: at },
    });
    return userInfo(after);
  });
}
