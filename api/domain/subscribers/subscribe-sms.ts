import { and, eq, isNull } from "drizzle-orm";
import type { Locale } from "../../../db/schema/enums.ts";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { systemActor, type Tx } from "../context.ts";
import { newId } from "../ids.ts";
import { getSettings } from "../settings/get-settings.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { linkSecret } from "./links.ts";
import { reserveCodeSms } from "./reserve-code-sms.ts";
import { subscriptions } from "./schemas.ts";
import { deriveSmsCode, hashSmsCode, smsCodeLifetimeMs, unmatchableCodeHash } from "./sms-codes.ts";
import { findByAddress, newSubscriberRow, type SubscriberRow, setComponents } from "./subscriber-store.ts";

const publicActor = systemActor("public");

/** A public request and who sends it: the client's address, which the limits count by its network. */
export interface ClientCtx extends PublicCtx {
  client?: string | undefined;
}

/** Queues the SMS that carries the code; an older code still waiting to be sent is dropped. */
async function queueCodeSms(tx: Tx, at: Date, subscriberId: string): Promise<string> {
  fireAfterCommit(tx, "queued");
  await tx
    .delete(deliveries)
    .where(
      and(
        eq(deliveries.subscriberId, subscriberId),
        eq(deliveries.kind, "confirmation"),
        eq(deliveries.state, "pending"),
        isNull(deliveries.batchId),
      ),
    );
  const id = newId("delivery");
  await tx.insert(deliveries).values({
    id,
    cause: `confirm:${subscriberId}:${id}`,
    subscriberId,
    channel: "sms",
    kind: "confirmation",
    state: "pending",
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}

/**
 * Starts an SMS subscription: texts a 6-digit code that `verifySmsCode` turns into consent. A number
 * that is already subscribed (or suppressed) gets no SMS but a decoy challenge no code can meet, so
 * subscribing and then guessing answers exactly as it does for a new number. Each request first
 * passes the country allow-list and the SMS limits (`reserveCodeSms`).
 */
export async function requestSmsCode(call: Call<typeof subscriptions.sms, ClientCtx>): Promise<void> {
  const input = parseInput(subscriptions.sms, call.input);
  const { deps, client } = call.ctx;
  const settings = await getSettings(deps);
  await reserveCodeSms(deps, settings, { phone: input.phone, client });
  const key = await linkSecret(deps);
  const locale: Locale = input.locale ?? settings.defaultLocale;
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    const challenge = {
      verificationExpiresAt: new Date(at.getTime() + smsCodeLifetimeMs),
      verificationAttempts: 0,
    };
    // Unknown components are refused before anything else, whoever the address belongs to.
    await getAffectedComponents(tx, input.components ?? []);
    const existing = await findByAddress(tx, "sms", input.phone);
    if (existing && existing.state !== "pending" && existing.state !== "unsubscribed") {
      await tx
        .update(subscribers)
        .set({ ...challenge, verificationCodeHash: unmatchableCodeHash() })
        .where(eq(subscribers.id, existing.id));
      return;
    }
    let row: SubscriberRow;
    if (existing) {
      row = { ...existing, state: "pending", locale, updatedAt: at, unsubscribedAt: null };
      await tx.update(subscribers).set(row).where(eq(subscribers.id, row.id));
    } else {
      row = newSubscriberRow({ channel: "sms", address: input.phone, locale, state: "pending", at });
      await tx.insert(subscribers).values(row);
    }
    const deliveryId = await queueCodeSms(tx, at, row.id);
    const code = deriveSmsCode(key, row.id, deliveryId);
    await tx
      .update(subscribers)
      .set({ ...challenge, verificationCodeHash: hashSmsCode(key, row.id, code) })
      .where(eq(subscribers.id, row.id));
    await setComponents(tx, row.id, input.components ?? []);
    await recordAudit(tx, at, publicActor, {
      action: existing ? "subscriber.resubscribe" : "subscriber.create",
      entityType: "subscriber",
      entityId: row.id,
      after: { channel: "sms", locale, components: input.components ?? [] },
    });
  });
}
