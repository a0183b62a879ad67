import { eq } from "drizzle-orm";
import { users } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { type Call, parseInput } from "../verb.ts";
import { updateUserInput } from "./schemas.ts";
import {
  activeOwnerCount,
  checkName,
  getUser,
  revokeUserSessions,
  type UserInfo,
  userInfo,
} from "./user-store.ts";

/** Changes a user's name, role or access (owners only); the last active owner always stays one. */
export async function updateUser(call: Call<typeof updateUserInput>): Promise<UserInfo> {
  const { id, ...input } = parseInput(updateUserInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "owner");
  const name = input.name === undefined ? undefined : checkName(input.name);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const before = await getUser(tx, id);
    const after = {
      ...before,
      ...(name !== undefined && { name }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.disabled !== undefined && { disabledAt: input.disabled ? (before.disabledAt ?? at) : null }),
      updatedAt: at,
    };
    const wasOwner = before.role === "owner" && !before.disabledAt;
    const staysOwner = after.role === "owner" && !after.disabledAt;
    if (wasOwner && !staysOwner && (await activeOwnerCount(tx)) <= 1)
      throw new DomainError(
        "conflict",
        `${before.email} is the last owner: make another user owner first, so someone can still manage users and tokens.`,
      );
    await tx
      .update(users)
      .set({ name: after.name, role: after.role, disabledAt: after.disabledAt, updatedAt: at })
      .where(eq(users.id, id));
    if (after.disabledAt && !before.disabledAt) await revokeUserSessions(tx, id, at);
    await recordAudit(tx, at, actor, {
      action: "user.update",
      entityType: "user",
      entityId: id,
      before: userInfo(before),
      after: userInfo(after),
    });
    return userInfo(after);
  });
}
