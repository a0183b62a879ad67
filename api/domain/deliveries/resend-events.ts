import { z } from "zod";
import { emailRecipient } from "./find-reported-delivery.ts";

const reported = {
  providerMessageId: z.string().min(1),
  /** The address the message went to, lower-cased; none finds no message. */
  recipient: z.string().nullable(),
};

/** What a provider tells us about one message it accepted. */
export const deliveryEventInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("delivered"), ...reported }),
  z.strictObject({ kind: z.literal("bounced"), ...reported, permanent: z.boolean(), detail: z.string() }),
  z.strictObject({ kind: z.literal("complained"), ...reported }),
]);

export type DeliveryEvent = z.output<typeof deliveryEventInput>;

/** Resend adds fields over time; only these are read, the rest pass through. */
const resendEvent = z.object({
  type: z.string(),
  data: z
    .object({
      email_id: z.string().min(1).optional(),
      /** The recipients, as sent (one per message here): how the message is found. */
      to: z.union([z.array(z.string()), z.string()]).optional(),
      bounce: z
        .object({
          type: z.string().optional(),
          subType: z.string().optional(),
          message: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Resend's bounce types are Permanent, Transient and Undetermined; only a transient one is soft. */
const softBounceTypes = new Set(["transient", "soft"]);

/**
 * Reads a verified Resend webhook body. Returns null for events Vigie does not act on (opened,
 * clicked, contact.*, …) or that name no email.
 */
export function parseResendEvent(body: unknown): DeliveryEvent | null {
  const parsed = resendEvent.safeParse(body);
  const providerMessageId = parsed.data?.data?.email_id;
  if (!parsed.success || !providerMessageId) return null;
  const recipient = emailRecipient(parsed.data.data?.to);
  switch (parsed.data.type) {
    case "email.delivered":
      return { kind: "delivered", providerMessageId, recipient };
    case "email.complained":
      return { kind: "complained", providerMessageId, recipient };
    case "email.bounced": {
      const bounce = parsed.data.data?.bounce;
      const type = bounce?.type ?? "Permanent";
      const detail = [type, bounce?.subType, bounce?.message].filter(Boolean).join(": ");
      return {
        kind: "bounced",
        providerMessageId,
        recipient,
        permanent: !softBounceTypes.has(type.toLowerCase()),
        detail,
      };
    }
    default:
      return null;
  }
}
