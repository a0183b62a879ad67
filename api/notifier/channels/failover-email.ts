import type { CircuitBreaker } from "./circuit-breaker.ts";
import type { BatchResult, DeliveryResult, EmailChannel } from "./email-channel.ts";

export interface FailoverEmailOptions {
  breaker: CircuitBreaker;
  /** Names put on every result, so admins see which provider carried (or refused) each message. */
  primaryProvider?: string;
  fallbackProvider?: string;
}

/** A throttled answer (429, `Retry-After`) means the primary is up and busy, not down. */
const isThrottled = (result: DeliveryResult) =>
  result.outcome === "retry" && (result.retryAfterMs !== null || result.reason.startsWith("429"));

/**
 * The primary is in trouble when it carried none of the batch and asked for every message again for
 * a reason other than throttling: a 5xx, a timeout, a network error. A refusal of some addresses,
 * or of all of them, is the primary working.
 */
function isOutage(results: BatchResult): boolean {
  return results.length > 0 && results.every((r) => r.outcome === "retry" && !isThrottled(r));
}

const tag = (results: BatchResult, provider: string): BatchResult =>
  results.map((r) => ({ ...r, provider: r.provider ?? provider }));

/**
 * Sends through the primary (Resend) while it works and through the fallback (SMTP) while the
 * circuit is open; after `openMs` one batch probes the primary and, if it is carried, the primary
 * takes over again.
 *
 * Idempotency: a batch is offered to one provider per attempt. When the primary fails a batch, its
 * `retry` results go back to the caller, which retries the deliveries later; only that next
 * attempt may go to the fallback. So a delivery reaches both providers only if the primary took it
 * but its answer was lost (a timeout or a dropped connection after acceptance) and the circuit
 * opened before the retry: the recipient then gets it twice. The primary's idempotency key cannot
 * cover the fallback; the SMTP Message-ID, derived from the delivery id, at least makes such a
 * repeat recognisable.
 */
export function createFailoverEmail(
  primary: EmailChannel,
  fallback: EmailChannel,
  { breaker, primaryProvider = "resend", fallbackProvider = "smtp" }: FailoverEmailOptions,
): EmailChannel {
  return {
    async sendBatch(messages, options): Promise<BatchResult> {
      if (messages.length === 0) return [];
      if (!breaker.canTryPrimary()) {
        const onHandedOver = options?.onHandedOver;
        const tagged = onHandedOver && {
          onHandedOver: (r: Parameters<typeof onHandedOver>[0]) =>
            onHandedOver({ ...r, provider: r.provider ?? fallbackProvider }),
        };
        return tag(await fallback.sendBatch(messages, tagged), fallbackProvider);
      }
      const results = await primary.sendBatch(messages, options);
      if (isOutage(results)) breaker.recordFailure();
      else breaker.recordSuccess();
      return tag(results, primaryProvider);
    },
  };
}
