import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { systemActor } from "../context.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { parsePhoneNumber } from "./phone-numbers.ts";
import { inboundSmsInput } from "./schemas.ts";
import { findByAddress, type SubscriberRow } from "./subscriber-store.ts";

const smsActor = systemActor("sms-inbound");

/** The carriers' standard opt-out and opt-in words (the ones Twilio also acts on). */
const stopWords = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const startWords = new Set(["START", "UNSTOP"]);

export type InboundSmsOutcome = "unsubscribed" | "resubscribed" | "ignored";

/**
 * Acts on a text a subscriber sent back. STOP and its synonyms end the subscription at once;
 * START brings back only a number that had confirmed before, since texting START is not consent to
 * a subscription nobody asked for. Any other text is ignored.
 */
export async function handleInboundSms(
  call: Call<typeof inboundSmsInput, PublicCtx>,
): Promise<InboundSmsOutcome> {
  const input = parseInput(inboundSmsInput, call.input);
  const { deps } = call.ctx;
  const word = input.body.trim().toUpperCase();
  const stop = stopWords.has(word);
  if (!stop && !startWords.has(word)) return "ignored";
  const phone = parsePhoneNumber(input.from.trim())?.number;
  if (!phone) return "ignored";
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await findByAddress(tx, "sms", phone);
    if (!row) return "ignored";
    let changes: Partial<SubscriberRow>;
    if (stop && (row.state === "active" || row.state === "pending"))
      changes = {
        state: "unsubscribed",
        unsubscribedAt: at,
        verificationCodeHash: null,
        verificationExpiresAt: null,
      };
    else if (!stop && row.state === "unsubscribed" && row.confirmedAt)
      changes = { state: "active", unsubscribedAt: null };
    else return "ignored";
    await tx
      .update(subscribers)
      .set({ ...changes, updatedAt: at })
      .where(eq(subscribers.id, row.id));
    await recordAudit(tx, at, smsActor, {
      action: stop ? "subscriber.unsubscribe" : "subscriber.resubscribe",
      entityType: "subscriber",
      entityId: row.id,
      before: { state: row.state },
      after: { state: changes.state, via: `sms ${word}` },
    });
    return stop ? "unsubscribed" : "resubscribed";
  });
}
