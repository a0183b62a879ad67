import { eq } from "drizzle-orm";
import type { DeliveryState } from "../../../db/schema/deliveries.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { systemActor, type Tx } from "../context.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { findReportedDelivery } from "./find-reported-delivery.ts";
import { type DeliveryEvent, deliveryEventInput } from "./resend-events.ts";

const webhookActor = systemActor("resend-webhook");

export type DeliveryEventOutcome = "recorded" | "unchanged" | "unknown-message";

const stateOf: Record<DeliveryEvent["kind"], DeliveryState> = {
  delivered: "delivered",
  bounced: "bounced",
  complained: "complained",
};

/**
 * Webhooks arrive late, twice and out of order: "delivered" only moves a sent message forward, so it
 * never hides a bounce or complaint that arrived first, and a repeated event changes nothing.
 */
const applies = (event: DeliveryEvent, current: DeliveryState) =>
  current !== stateOf[event.kind] && (event.kind !== "delivered" || current === "sent");

async function suppress(tx: Tx, at: Date, subscriberId: string, reason: string) {
  const [person] = await tx.select().from(subscribers).where(eq(subscribers.id, subscriberId));
  if (!person || person.state === "suppressed") return;
  await tx
    .update(subscribers)
    .set({ state: "suppressed", suppressedReason: reason, suppressedAt: at, updatedAt: at })
    .where(eq(subscribers.id, subscriberId));
  await recordAudit(tx, at, webhookActor, {
    action: "subscriber.suppress",
    entityType: "subscriber",
    entityId: subscriberId,
    before: { state: person.state },
    after: { state: "suppressed", suppressedReason: reason },
  });
}

/**
 * Applies what the provider reports about a message: the delivery's state, and for a hard bounce or
 * a complaint the recipient's suppression, so no later notification goes to that address.
 */
export async function recordDeliveryEvent(
  call: Call<typeof deliveryEventInput, PublicCtx>,
): Promise<DeliveryEventOutcome> {
  const event = parseInput(deliveryEventInput, call.input);
  const { deps } = call.ctx;
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const delivery = await findReportedDelivery(tx, { channel: "email", ...event });
    if (!delivery) return "unknown-message";
    const changed = applies(event, delivery.state);
    if (changed) {
      const lastError = event.kind === "bounced" ? `bounced: ${event.detail}` : delivery.lastError;
      await tx
        .update(deliveries)
        .set({ state: stateOf[event.kind], lastError, updatedAt: at })
        .where(eq(deliveries.id, delivery.id));
      await recordAudit(tx, at, webhookActor, {
        action: `delivery.${event.kind}`,
        entityType: "delivery",
        entityId: delivery.id,
        before: { state: delivery.state },
        after: { state: stateOf[event.kind], ...(event.kind === "bounced" && { bounce: event.detail }) },
      });
    }
    if (event.kind === "complained") await suppress(tx, at, delivery.subscriberId, "complained");
    if (event.kind === "bounced" && event.permanent)
      await suppress(tx, at, delivery.subscriberId, `hard bounce: ${event.detail}`);
    return changed ? "recorded" : "unchanged";
  });
}
