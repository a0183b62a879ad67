import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import type { Channel } from "../domain/types.ts";
import type { DeliveryResult, SendOptions } from "./channels/email-channel.ts";

/**
 * Sends the deliveries of one channel. The notifier claims batches of that channel only, hands them
 * here, and records what comes back; every result names the delivery it answers.
 */
export interface Dispatcher {
  channel: Channel;
  /** Shown in the admin view when a result does not name its own provider. */
  provider: string;
  /** Deliveries claimed at once (one provider call for email, one call each for the others). */
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** Attempts before a delivery is failed for good (default: the notifier's). */
  maxAttempts?: number;
  /** Wait before the next attempt, when this channel has its own schedule (webhooks: about a day). */
  retryDelay?: (attempt: number, retryAfterMs: number | null) => number;
  /** `options.onHandedOver` records a message at once (see `SendOptions`); its result is returned too. */
  dispatch(batch: DeliveryRow[], options?: SendOptions): Promise<DeliveryResult[]>;
  /** Called once the results are stored (e.g. to track failing endpoints). */
  afterRecord?(batch: DeliveryRow[], results: DeliveryResult[]): Promise<void>;
}

/**
 * Runs a dispatcher; if it throws (a folder that cannot be written, a bug in a channel) every
 * delivery of the batch comes back as a retry carrying the error. Recording that releases the lease
 * at once, shows the error to admins and backs off, instead of holding the batch, unexplained, until
 * the lease expires. The batch keeps its members, so the next attempt uses the same idempotency key.
 */
export async function dispatchOrRetry(
  dispatcher: Dispatcher,
  batch: DeliveryRow[],
  onThrow: (error: unknown) => void,
  options?: SendOptions,
): Promise<DeliveryResult[]> {
  try {
    return await dispatcher.dispatch(batch, options);
  } catch (error) {
    onThrow(error);
    const said = error instanceof Error ? error.message : String(error);
    const reason = `the ${dispatcher.channel} channel failed: ${said}`.slice(0, 500);
    return batch.map((d) => ({ deliveryId: d.id, outcome: "retry", reason, retryAfterMs: null }));
  }
}
