import { eq } from "drizzle-orm";
import type { DeliveryState } from "../../../db/schema/deliveries.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { systemActor, type Tx } from "../context.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { findReportedDelivery } from "./find-reported-delivery.ts";
import type { DeliveryEventOutcome } from "./record-delivery-event.ts";
import { smsStatusInput, twilioUnsubscribedError } from "./twilio-status.ts";

const twilioActor = systemActor("twilio-webhook");

async function unsubscribeNumber(tx: Tx, at: Date, subscriberId: string) {
  const [person] = await tx.select().from(subscribers).where(eq(subscribers.id, subscriberId));
  if (person?.channel !== "sms" || (person.state !== "active" && person.state !== "pending")) return;
  await tx
    .update(subscribers)
    .set({ state: "unsubscribed", unsubscribedAt: at, updatedAt: at })
    .where(eq(subscribers.id, subscriberId));
  await recordAudit(tx, at, twilioActor, {
    action: "subscriber.unsubscribe",
    entityType: "subscriber",
    entityId: subscriberId,
    before: { state: person.state },
    after: { state: "unsubscribed", via: `twilio error ${twilioUnsubscribedError}` },
  });
}

/**
 * Applies a Twilio status callback. Callbacks arrive late, repeated and out of order, so a status only
 * moves a sent message forward; a recipient who opted out at the carrier (21610) is unsubscribed,
 * since every later message to them would fail the same way.
 */
export async function recordSmsStatus(
  call: Call<typeof smsStatusInput, PublicCtx>,
): Promise<DeliveryEventOutcome> {
  const event = parseInput(smsStatusInput, call.input);
  const { deps } = call.ctx;
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const delivery = await findReportedDelivery(tx, { channel: "sms", ...event });
    if (!delivery) return "unknown-message";
    const state: DeliveryState = event.kind === "delivered" ? "delivered" : "failed";
    const changed = delivery.state === "sent";
    if (changed) {
      const lastError = event.kind === "failed" ? event.detail : delivery.lastError;
      await tx
        .update(deliveries)
        .set({ state, lastError, updatedAt: at })
        .where(eq(deliveries.id, delivery.id));
      await recordAudit(tx, at, twilioActor, {
        action: `delivery.${event.kind}`,
        entityType: "delivery",
        entityId: delivery.id,
        before: { state: delivery.state },
        after: { state, ...(event.kind === "failed" && { error: event.detail }) },
      });
    }
    if (event.kind === "failed" && event.errorCode === twilioUnsubscribedError)
      await unsubscribeNumber(tx, at, delivery.subscriberId);
    return changed ? "recorded" : "unchanged";
  });
}
