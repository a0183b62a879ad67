import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { sessions, users } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { newId } from "../ids.ts";
import { hashToken } from "../tokens/tokens.ts";
import type { PublicCtx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { createSessionInput } from "./schemas.ts";
import { getUser, userActor } from "./user-store.ts";

/** A session ends 12 hours after sign-in whatever happens, and after 2 hours without a request. */
export const sessionLifetimeMs = 12 * 3_600_000;
export const sessionIdleMs = 2 * 3_600_000;

export interface CreatedSession {
  /** The cookie's secret: shown once, only its SHA-256 is stored. */
  token: string;
  id: string;
  expiresAt: Date;
}

/** Opens a session for a user who just proved who they are (sign-in, setup, password change). */
export async function createSession(
  call: Call<typeof createSessionInput, PublicCtx>,
): Promise<CreatedSession> {
  const { userId, ...options } = parseInput(createSessionInput, call.input);
  const { deps } = call.ctx;
  const token = randomBytes(32).toString("base64url");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const user = await getUser(tx, userId);
    const id = newId("session");
    const expiresAt = new Date(at.getTime() + sessionLifetimeMs);
    await tx.insert(sessions).values({
      id,
      tokenHash: hashToken(token),
      userId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt,
      revokedAt: null,
      userAgent: options.userAgent?.slice(0, 255) ?? null,
    });
    await tx.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
    await recordAudit(tx, at, userActor(user), {
      action: "session.create",
      entityType: "session",
      entityId: id,
      after: { userId, expiresAt },
    });
    return { token, id, expiresAt };
  });
}
