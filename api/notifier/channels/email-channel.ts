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
}

/**
 * What became of one delivery. `retry` means sending the same delivery again may succeed (network
 * error, timeout, 429, 5xx); `failed` means it will not (the provider refused it, with its reason).
 */
export type DeliveryResult =
  | {
      deliveryId: string;
      outcome: "sent";
      providerId: string;
      /** Which provider carried it (e.g. `twilio`, `vonage`), when a failover may have chosen. */
      provider?: string;
    }
  | { deliveryId: string; outcome: "retry"; reason: string; retryAfterMs: number | null; provider?: string }
  | { deliveryId: string; outcome: "failed"; reason: string; provider?: string };

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
