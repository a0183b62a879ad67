import type { DeliveryResult } from "../../domain/deliveries/delivery-result.ts";

/** One rendered email for one recipient: the unit the dispatcher hands to an email channel. */
export interface OutgoingEmail {
  /** The delivery row this email fulfils; results and idempotency keys are keyed by it. */
  deliveryId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers: Record<string, string>;
  /** The sender the page's settings choose; what they leave out comes from the channel's EMAIL_FROM. */
  sender?: { name?: string; address?: string; replyTo?: string };
  /** `<id@host>`: stable for a delivery, so a repeat is recognisable and replies thread. */
  messageId?: string;
}

export type { DeliveryResult };

/** One result per message, in the order the messages were given. */
export type BatchResult = DeliveryResult[];

export interface SendOptions {
  /**
   * For channels that hand messages over one at a time (SMTP): called with each accepted message and
   * awaited before that connection sends the next, so the caller can record it first. A crash then
   * repeats only the messages in flight, not the whole batch. Providers with an idempotency key
   * (Resend) need not call it.
   */
  onHandedOver?: (result: Extract<DeliveryResult, { outcome: "sent" }>) => Promise<void>;
}

export interface EmailChannel {
  sendBatch(messages: OutgoingEmail[], options?: SendOptions): Promise<BatchResult>;
}

/** The address part of `Name <address>` or of a bare address. */
export const addressOf = (from: string) => from.match(/<([^<>]+)>\s*$/)?.[1]?.trim() ?? from.trim();
const nameOf = (from: string) =>
  from
    .match(/^(.*)<[^<>]+>\s*$/)?.[1]
    ?.replace(/"/g, "")
    .trim() ?? "";

/**
 * The From (in Resend's `Name <address>` form) and Reply-To of one email: the page's choices, else
 * the channel's configured sender (EMAIL_FROM).
 */
export function senderOf(email: OutgoingEmail, channelFrom: string): { from: string; replyTo?: string } {
  const name = email.sender?.name ?? nameOf(channelFrom);
  const address = email.sender?.address ?? addressOf(channelFrom);
  return {
    from: name ? `${name} <${address}>` : address,
    ...(email.sender?.replyTo && { replyTo: email.sender.replyTo }),
  };
}
