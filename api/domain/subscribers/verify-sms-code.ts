import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { systemActor } from "../context.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { linkSecret } from "./links.ts";
import { verifyInput } from "./schemas.ts";
import { codeMatches, smsCodeMaxAttempts } from "./sms-codes.ts";
import { findByAddress, type SubscriberRow } from "./subscriber-store.ts";

const publicActor = systemActor("public");

/**
 * `expired` covers every number without a live code (unknown, code expired, too many wrong tries,
 * already confirmed), so the answer never tells whether a number is subscribed.
 */
export type VerifyOutcome =
  | { outcome: "confirmed"; subscriber: SubscriberRow }
  | { outcome: "wrong"; attemptsLeft: number }
  | { outcome: "expired" };

const cleared = { verificationCodeHash: null, verificationExpiresAt: null };

/** Checks a texted code: the right one confirms the number; each wrong one uses up a try. */
export async function verifySmsCode(call: Call<typeof verifyInput, PublicCtx>): Promise<VerifyOutcome> {
  const input = parseInput(verifyInput, call.input);
  const { deps } = call.ctx;
  const key = await linkSecret(deps);
  return deps.write(async (tx): Promise<VerifyOutcome> => {
    const at = deps.clock.now();
    const row = await findByAddress(tx, "sms", input.phone);
    if (
      !row?.verificationCodeHash ||
      !row.verificationExpiresAt ||
      row.verificationExpiresAt <= at ||
      row.verificationAttempts >= smsCodeMaxAttempts
    )
      return { outcome: "expired" };
    if (!codeMatches(key, row.id, input.code, row.verificationCodeHash)) {
      const attempts = row.verificationAttempts + 1;
      const spent = attempts >= smsCodeMaxAttempts;
      await tx
        .update(subscribers)
        .set({ verificationAttempts: attempts, ...(spent && cleared) })
        .where(eq(subscribers.id, row.id));
      return spent
        ? { outcome: "expired" }
        : { outcome: "wrong", attemptsLeft: smsCodeMaxAttempts - attempts };
    }
    const changes = {
      ...cleared,
      verificationAttempts: 0,
      state: "active" as const,
      confirmedAt: at,
      updatedAt: at,
    };
    await tx.update(subscribers).set(changes).where(eq(subscribers.id, row.id));
    await recordAudit(tx, at, publicActor, {
      action: "subscriber.confirm",
      entityType: "subscriber",
      entityId: row.id,
      before: { state: row.state },
      after: { state: "active" },
    });
    return { outcome: "confirmed", subscriber: { ...row, ...changes } };
  });
}
