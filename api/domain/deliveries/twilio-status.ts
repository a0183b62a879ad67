import { z } from "zod";

const reported = {
  providerMessageId: z.string().min(1),
  /** The number the message went to (`To`): how the message is found. */
  recipient: z.string().nullable(),
};

/** What Twilio's status callback says about one message Vigie sent. */
export const smsStatusInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("delivered"), ...reported }),
  z.strictObject({
    kind: z.literal("failed"),
    ...reported,
    errorCode: z.string().nullable(),
    detail: z.string(),
  }),
]);

export type SmsStatusEvent = z.output<typeof smsStatusInput>;

/** Twilio's error for a recipient who replied STOP: no message can reach them until they reply START. */
export const twilioUnsubscribedError = "21610";

/**
 * Reads a (verified) status callback's form fields. Returns null for intermediate statuses (queued,
 * sending, sent, accepted, …), which change nothing Vigie tracks, and for callbacks naming no message.
 */
export function parseTwilioStatus(fields: Record<string, string>): SmsStatusEvent | null {
  const providerMessageId = fields.MessageSid ?? fields.SmsSid;
  const status = (fields.MessageStatus ?? fields.SmsStatus ?? "").toLowerCase();
  if (!providerMessageId) return null;
  const recipient = fields.To?.trim() || null;
  if (status === "delivered") return { kind: "delivered", providerMessageId, recipient };
  if (status !== "failed" && status !== "undelivered") return null;
  const errorCode = fields.ErrorCode?.trim() || null;
  const detail = `twilio ${status}${errorCode ? `: error ${errorCode}` : ""}${fields.ErrorMessage ? ` (${fields.ErrorMessage})` : ""}`;
  return { kind: "failed", providerMessageId, recipient, errorCode, detail };
}
