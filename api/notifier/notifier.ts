import { randomBytes } from "node:crypto";
import type { Deps } from "../domain/context.ts";
import {
  adoptOrphanedBatches,
  claimBatch,
  type DeliveryRow,
  type RecordOptions,
  recordAndClaim,
  recordResults,
  releaseBatch,
} from "../domain/deliveries/claim-deliveries.ts";
import { expirePendingSubscribers } from "../domain/subscribers/expire-pending-subscribers.ts";
import type { Channel } from "../domain/types.ts";
import type { TemplateRenderer } from "../templates/index.ts";
import { startLoop } from "../workers/loop.ts";
import type { DeliveryResult, EmailChannel } from "./channels/email-channel.ts";
import { retryDelay } from "./channels/retry-delay.ts";
import { createEmailDispatcher } from "./dispatch-email.ts";
import { type Dispatcher, dispatchOrRetry } from "./dispatcher.ts";
import { expandNotifications } from "./expand-notifications.ts";

export interface NotifierTuning {
  deps: Deps;
  pollMs?: number;
  /** Email lane built from `channel`: deliveries claimed at once. */
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Email lane built from `channel`: batches in flight at once (its rate limiter paces them). */
  concurrency?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Unconfirmed subscribers are looked for at most this often (default one minute). */
  expireEveryMs?: number;
  /**
   * Whether this process is the one elected to send (default: always). Asked before every batch:
   * one that is not any more claims nothing new. On election, the batches of the previous sender
   * are taken over at once rather than when their lease runs out.
   */
  elected?: () => boolean;
}

/** Every lane, as the server builds them from the channel registry (see `start-notifier.ts`). */
export interface AllLanes {
  lanes: Dispatcher[];
}

/** An email lane built from these options, and any other lanes: for tools and tests that run a few. */
export interface EmailAndOtherLanes {
  channel: EmailChannel;
  /** Shown in the admin view: which provider carried each message. */
  provider: string;
  renderer: TemplateRenderer;
  publicUrl: string;
  /** How often saved template overrides are re-read (default 10 s). */
  overrideSyncMs?: number;
  /** The other channels (SMS, webhooks, chat). */
  dispatchers?: Dispatcher[];
}

export type NotifierOptions = NotifierTuning & (AllLanes | EmailAndOtherLanes);

export interface Notifier {
  /** Look for work now (after a local change). */
  poke(): void;
  /** Runs until nothing is due; for tests and one-shot runs. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The outbox dispatcher: expands notification events into deliveries, then claims batches with a
 * lease, renders, sends and records them. Any number of processes may run it on one database.
 */
export function startNotifier(options: NotifierOptions): Notifier {
  const { deps, pollMs = 1000, leaseMs = 120_000, maxAttempts = 8, expireEveryMs = 60_000 } = options;
  const elected = options.elected ?? (() => true);
  /** Set while not elected, so the next election adopts what the previous sender left. */
  let adoptOnElection = options.elected !== undefined;
  const dispatchers =
    "lanes" in options
      ? options.lanes
      : [createEmailDispatcher({ ...options }), ...(options.dispatchers ?? [])];
  const owner = `worker-${process.pid}-${randomBytes(3).toString("hex")}`;
  let stopped = false;
  let expiredAt = Number.NEGATIVE_INFINITY;

  const backoff = { baseMs: options.retryBaseMs, capMs: options.retryCapMs };
  const recordOptions = (dispatcher: Dispatcher): RecordOptions => ({
    provider: dispatcher.provider,
    maxAttempts: dispatcher.maxAttempts ?? maxAttempts,
    // A channel's own schedule, else exponential backoff with full jitter, capped.
    delay: dispatcher.retryDelay ?? ((attempt, retryAfterMs) => retryDelay(attempt, retryAfterMs, backoff)),
  });

  const expireIfDue = async () => {
    const now = deps.clock.now().getTime();
    if (now - expiredAt < expireEveryMs) return;
    expiredAt = now;
    const removed = await expirePendingSubscribers(deps);
    if (removed) deps.logger.info("expired unconfirmed subscribers", { removed });
  };

  // Sending starts once the first page of recipients is expanded, not after the whole list: the
  // first email of a 100,000-subscriber fan-out must leave within a second.
  const drainOnce = async () => {
    if (!elected()) {
      adoptOnElection = true;
      return;
    }
    if (adoptOnElection) {
      adoptOnElection = false;
      const adopted = await adoptOrphanedBatches(deps, owner);
      if (adopted) deps.logger.info("took over the previous sender's deliveries", { adopted });
    }
    await expireIfDue();
    let expanding = true;
    // Lanes with nothing to send wait for the next expanded page of their channel instead of
    // polling the database.
    const waiting = new Map<Channel, PromiseWithResolvers<void>>();
    const nextPage = (channel: Channel) => {
      let page = waiting.get(channel);
      if (!page) {
        page = Promise.withResolvers<void>();
        waiting.set(channel, page);
      }
      return page.promise;
    };
    const wake = (channels: Iterable<Channel>) => {
      for (const channel of [...channels]) {
        waiting.get(channel)?.resolve();
        waiting.delete(channel);
      }
    };
    const expansion = expandNotifications(deps, { onPage: wake }).finally(() => {
      expanding = false;
      wake(waiting.keys());
    });
    // A lane records a batch and claims its next one in the same transaction.
    const lane = async (dispatcher: Dispatcher) => {
      const claim = { owner, size: dispatcher.batchSize, leaseMs, channel: dispatcher.channel };
      let batch: DeliveryRow[] = [];
      while (!stopped && elected()) {
        if (batch.length === 0) batch = await claimBatch(deps, claim);
        if (batch.length === 0) {
          if (!expanding) return;
          await Promise.race([expansion, nextPage(dispatcher.channel)]);
          continue;
        }
        const claimedBatch = batch;
        const options = recordOptions(dispatcher);
        // Messages recorded one by one as they are handed over (SMTP) are not recorded again below.
        const handedOver = new Set<string>();
        const onHandedOver = async (result: Extract<DeliveryResult, { outcome: "sent" }>) => {
          const row = claimedBatch.find((d) => d.id === result.deliveryId);
          if (!row) return;
          try {
            await recordResults(deps, [row], [result], options);
            handedOver.add(row.id);
          } catch (error) {
            // Not recorded now: it is with the rest of the batch, when the batch's results are stored.
            deps.logger.warn("could not record a handed-over message yet", {
              error: error instanceof Error ? error.message : String(error),
            });
          }
        };
        const allResults = await dispatchOrRetry(
          dispatcher,
          claimedBatch,
          (error) =>
            deps.logger.error("a channel failed; its batch is released and retried later", {
              channel: dispatcher.channel,
              error: error instanceof Error ? error.message : String(error),
            }),
          { onHandedOver },
        );
        const done = claimedBatch.filter((d) => !handedOver.has(d.id));
        const results = allResults.filter((r) => !handedOver.has(r.deliveryId));
        const record = { batch: done, results, options };
        if (stopped || !elected()) {
          await recordResults(deps, done, results, record.options);
          batch = [];
        } else batch = await recordAndClaim(deps, record, claim);
        await dispatcher.afterRecord?.(claimedBatch, allResults);
      }
      // Stopped holding a batch it has not sent: hand it back now rather than at lease expiry.
      if (batch.length) await releaseBatch(deps, batch);
    };
    const lanes = dispatchers.flatMap((d) => Array.from({ length: d.concurrency }, () => lane(d)));
    await Promise.all([expansion, ...lanes]);
  };

  // A poke during a pass may come after that pass last looked for work: the loop then runs once more.
  const loop = startLoop({
    maxSleepMs: pollMs,
    pass: async () => {
      await drainOnce();
      return pollMs;
    },
    onError: (error) =>
      deps.logger.error("notifier failed", {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  return {
    poke: loop.poke,
    drain: loop.runNow,
    stop: async () => {
      stopped = true;
      await loop.stop();
    },
  };
}
