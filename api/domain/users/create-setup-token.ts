import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import { setupTokens, users } from "../../../db/schema/index.ts";
import { hashToken } from "../tokens/tokens.ts";
import type { PublicCtx } from "../verb.ts";

export const setupTokenLifetimeMs = 3_600_000;

/**
 * A one-time link secret that lets whoever reads the server's start line create the first owner.
 * Null once any user exists: from then on, owners create users.
 */
export async function createSetupToken({
  ctx: { deps },
}: {
  ctx: PublicCtx;
}): Promise<{ token: string; expiresAt: Date } | null> {
  const token = randomBytes(32).toString("base64url");
  return deps.write(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(users);
    if ((row?.n ?? 0) > 0) return null;
    const at = deps.clock.now();
    const expiresAt = new Date(at.getTime() + setupTokenLifetimeMs);
    await tx
      .insert(setupTokens)
      .values({ tokenHash: hashToken(token), expiresAt, usedAt: null, createdAt: at });
    return { token, expiresAt };
  });
}
