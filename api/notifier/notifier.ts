import { randomBytes } from "node:crypto";
import type { Deps } from "../domain/context.ts";
import { expirePendingSubscribers } from "../domain/subscribers/expire-pending-subscribers.ts";
import type { EmailChannel } from "./channels/email-channel.ts";
import { claimBatch, recordResults } from "./claim-deliveries.ts";
import { type ComposeCache, composeEmails } from "./compose-emails.ts";
import { expandNotifications } from "./expand-notifications.ts";
import type { TemplateRenderer } from "./templates/index.ts";

export interface NotifierOptions {
  deps: Deps;
  channel: EmailChannel;
  /** Shown in the admin view: which provider carried each message. */
  provider: string;
  renderer: TemplateRenderer;
  publicUrl: string;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Batches in flight at once (the channel's rate limiter paces them). */
  concurrency?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Unconfirmed subscribers are looked for at most this often (default one minute). */
  expireEveryMs?: number;
}

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
  const {
    deps,
    pollMs = 1000,
    batchSize = 100,
    leaseMs = 120_000,
    maxAttempts = 8,
    concurrency = 4,
    expireEveryMs = 60_000,
  } = options;
  const owner = `worker-${process.pid}-${randomBytes(3).toString("hex")}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let expiredAt = Number.NEGATIVE_INFINITY;
  const composeCache: ComposeCache = {};

  const sendOne = async (): Promise<boolean> => {
    const batch = await claimBatch(deps, { owner, size: batchSize, leaseMs });
    if (batch.length === 0) return false;
    const { emails, skipped } = await composeEmails(deps, batch, { ...options, cache: composeCache });
    const results = emails.length ? await options.channel.sendBatch(emails) : [];
    await recordResults(deps, batch, [...results, ...skipped], {
      provider: options.provider,
      maxAttempts,
      retryBaseMs: options.retryBaseMs,
      retryCapMs: options.retryCapMs,
    });
    return true;
  };

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
    await expireIfDue();
    let expanding = true;
    const expansion = expandNotifications(deps).finally(() => {
      expanding = false;
    });
    const lane = async () => {
      while (!stopped) {
        if (await sendOne()) continue;
        if (!expanding) return;
        await Promise.race([expansion, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
    };
    await Promise.all([expansion, ...Array.from({ length: concurrency }, lane)]);
  };

  // A poke during a run may come after that run last looked for work: then run once more.
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = drainOnce()
      .catch((error) =>
        deps.logger.error("notifier failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      )
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  };

  const loop = () => {
    if (stopped) return;
    void run().then(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  loop();
  return {
    poke: () => void run(),
    drain: async () => {
      await running;
      await run();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
