import { and, eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Deps, systemActor } from "../context.ts";

/**
 * A webhook receiver echoed the challenge of its verification request: the subscription becomes
 * active. Only the pending subscription of that token version is confirmed (a later resubscription
 * of the same URL waits for its own challenge).
 */
export async function confirmWebhook(
  deps: Deps,
  subscriberId: string,
  tokenVersion: number,
): Promise<boolean> {
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const updated = await tx
      .update(subscribers)
      .set({ state: "active", confirmedAt: at, updatedAt: at })
      .where(
        and(
          eq(subscribers.id, subscriberId),
          eq(subscribers.state, "pending"),
          eq(subscribers.tokenVersion, tokenVersion),
        ),
      )
      .returning({ id: subscribers.id });
    if (updated.length === 0) return false;
    await recordAudit(tx, at, systemActor("notifier"), {
      action: "subscriber.confirm",
      entityType: "subscriber",
      entityId: subscriberId,
      before: { state: "pending" },
      after: { state: "active" },
    });
    return true;
  });
}
