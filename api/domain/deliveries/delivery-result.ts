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
