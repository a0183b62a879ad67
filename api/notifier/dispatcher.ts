import type { Channel } from "../domain/types.ts";
import type { DeliveryResult } from "./channels/email-channel.ts";
import type { DeliveryRow } from "./claim-deliveries.ts";

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
  dispatch(batch: DeliveryRow[]): Promise<DeliveryResult[]>;
  /** Called once the results are stored (e.g. to track failing endpoints). */
  afterRecord?(batch: DeliveryRow[], results: DeliveryResult[]): Promise<void>;
}

/** Runs `send` over items with at most `limit` in flight, keeping the results in order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  send: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await send(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
