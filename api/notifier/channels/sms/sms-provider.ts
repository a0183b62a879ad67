import type { DeliveryResult } from "../email-channel.ts";

/** One rendered SMS for one recipient: the unit the dispatcher hands to an SMS provider. */
export interface OutgoingSms {
  /** The delivery row this SMS fulfils; results are keyed by it. */
  deliveryId: string;
  /** E.164, e.g. `+33612345678`. */
  to: string;
  /** Already fitted to the segment budget (`fitSms`). */
  body: string;
  /** Where the provider reports delivery (delivered, undelivered) for this message. */
  statusCallbackUrl?: string;
}

type Sent = Extract<DeliveryResult, { outcome: "sent" }>;
type Retry = Extract<DeliveryResult, { outcome: "retry" }>;
type Failed = Extract<DeliveryResult, { outcome: "failed" }>;

/**
 * Why a retry makes sense, which decides what a failover does with it:
 * - `throttled`: the provider is up and asked us to slow down (429): not its fault, no failover.
 * - `unavailable`: the provider did not take the message (5xx, connection refused, or an account
 *   problem such as bad credentials or no credit): the message may go to another provider at once.
 * - `unknown`: no answer (timeout, connection lost): the message may have gone out, so sending it
 *   elsewhere now could deliver it twice; it is retried later like any other.
 */
export type SmsRetryCause = "throttled" | "unavailable" | "unknown";

/**
 * `DeliveryResult` with what an SMS caller acts on. Assignable to `DeliveryResult`, so the
 * dispatcher can treat SMS like email and look at the extra fields only where it cares.
 */
export type SmsDeliveryResult =
  | (Sent & { provider: string })
  | (Retry & { provider: string; cause: SmsRetryCause })
  | (Failed & {
      provider: string;
      /** The provider's own error code (Twilio `21211`, Vonage status `6`), null when it gave none. */
      code: string | null;
      /**
       * The recipient asked this provider's network to stop our messages (Twilio 21610, replied
       * STOP; Vonage 7, number barred): unsubscribe them rather than retry or alert anyone.
       */
      optedOut: boolean;
    });

export interface SmsProvider {
  /** Short and stable (`twilio`, `vonage`): shown to admins next to each delivery. */
  name: string;
  send(message: OutgoingSms): Promise<SmsDeliveryResult>;
}

/** `fetch` errors carry the socket error as `cause`; connection refused or DNS failure means nothing was sent. */
export function transportFailure(
  provider: string,
  deliveryId: string,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): SmsDeliveryResult {
  if (timedOut) {
    const reason = `${provider}: no answer within ${timeoutMs} ms`;
    return { deliveryId, outcome: "retry", reason, retryAfterMs: null, provider, cause: "unknown" };
  }
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  const detail = typeof code === "string" ? `${error} (${code})` : `${error}`;
  return {
    deliveryId,
    outcome: "retry",
    reason: `${provider}: ${detail}`,
    retryAfterMs: null,
    provider,
    cause: refused ? "unavailable" : "unknown",
  };
}
