import { and, eq, inArray } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Deps, systemActor } from "../context.ts";

const notifierActor = systemActor("notifier");

export interface SmsOptOut {
  subscriberId: string;
  /** The provider that refused (`twilio`, `vonage`) and its error code, kept in the audit log. */
  provider: string;
  code: string | null;
}

/**
 * Unsubscribes numbers whose carrier or provider refused a message because the recipient opted out
 * (replied STOP to our sender): every later message would be refused alike, and the recipient said
 * no. As with a STOP we receive ourselves, confirming again is the way back.
 */
export async function optOutSmsSubscribers(deps: Deps, optOuts: SmsOptOut[]): Promise<number> {
  if (optOuts.length === 0) return 0;
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const rows = await tx
      .select()
      .from(subscribers)
      .where(
        and(
          inArray(
            subscribers.id,
            optOuts.map((o) => o.subscriberId),
          ),
          eq(subscribers.channel, "sms"),
          inArray(subscribers.state, ["active", "pending"]),
        ),
      );
    for (const row of rows) {
      const why = optOuts.find((o) => o.subscriberId === row.id)!;
      await tx
        .update(subscribers)
        .set({
          state: "unsubscribed",
          unsubscribedAt: at,
          verificationCodeHash: null,
          verificationExpiresAt: null,
          updatedAt: at,
        })
        .where(eq(subscribers.id, row.id));
      await recordAudit(tx, at, notifierActor, {
        action: "subscriber.unsubscribe",
        entityType: "subscriber",
        entityId: row.id,
        before: { state: row.state },
        after: { state: "unsubscribed", via: `${why.provider} error ${why.code ?? "opted out"}` },
      });
    }
    return rows.length;
  });
}
