import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Call, parseInput } from "../verb.ts";
import { revokeSessionInput } from "./schemas.ts";

/** Ends one session (sign-out). Revoking an already ended session is a no-op. */
export async function revokeSession(call: Call<typeof revokeSessionInput>): Promise<void> {
  const { sessionId } = parseInput(revokeSessionInput, call.input);
  const { deps, actor } = call.ctx;
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (ended.length)
      await recordAudit(tx, at, actor, {
        action: "session.revoke",
        entityType: "session",
        entityId: sessionId,
      });
  });
}
