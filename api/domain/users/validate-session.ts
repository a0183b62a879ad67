import { eq } from "drizzle-orm";
import { sessions, users } from "../../../db/schema/index.ts";
import { hashToken } from "../tokens/tokens.ts";
import type { PublicCtx } from "../verb.ts";
import { type Call, parseInput } from "../verb.ts";
import { sessionIdleMs } from "./create-session.ts";
import { sessionTokenInput } from "./schemas.ts";
import { type UserInfo, userInfo } from "./user-store.ts";

export interface ValidSession {
  session: { id: string; createdAt: Date; expiresAt: Date };
  user: UserInfo;
}

/** `lastSeenAt` is written at most once a minute: a page with many requests costs one write. */
const touchEveryMs = 60_000;

/**
 * The session and user behind a cookie's secret, or null when it is unknown, revoked, past its
 * absolute or idle end, older than the user's last password change, or its user is disabled.
 */
export async function validateSession(
  call: Call<typeof sessionTokenInput, PublicCtx>,
): Promise<ValidSession | null> {
  const { token } = parseInput(sessionTokenInput, call.input);
  const { deps } = call.ctx;
  if (!/^[\w-]{43}$/.test(token)) return null;
  const [row] = await deps.read((db) =>
    db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, hashToken(token))),
  );
  if (!row) return null;
  const { session, user } = row;
  const now = deps.clock.now().getTime();
  const dead =
    session.revokedAt !== null ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + sessionIdleMs <= now ||
    session.createdAt.getTime() < user.passwordChangedAt.getTime() ||
    user.disabledAt !== null;
  if (dead) return null;
  if (now - session.lastSeenAt.getTime() >= touchEveryMs)
    await deps.write((tx) =>
      tx
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.id, session.id)),
    );
  return {
    session: { id: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt },
    user: userInfo(user),
  };
}
