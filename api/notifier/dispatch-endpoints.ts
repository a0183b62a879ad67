import { inArray } from "drizzle-orm";
import { subscribers } from "../../db/schema/index.ts";
import type { Deps } from "../domain/context.ts";
import type { DeliveryRow } from "../domain/deliveries/claim-deliveries.ts";
import {
  type ChatService,
  channelSpecs,
  type EndpointChannel,
  endpointChannels,
} from "../domain/subscribers/channel-specs.ts";
import { confirmWebhook } from "../domain/subscribers/confirm-webhook.ts";
import { recordEndpointHealth } from "../domain/subscribers/record-endpoint-health.ts";
import type { SubscriberRow } from "../domain/subscribers/subscriber-store.ts";
import { deriveWebhookSecret } from "../domain/subscribers/webhook-secret.ts";
import type { SafeFetch } from "../net/safe-fetch.ts";
import { createChatSender } from "./channels/chat/send-chat.ts";
import type { DeliveryResult } from "./channels/email-channel.ts";
import { mapLimited } from "./channels/map-limited.ts";
import { shouldDisable, webhookMaxAttempts, webhookRetryDelay } from "./channels/webhook/retry-schedule.ts";
import { createWebhookSender } from "./channels/webhook/send-webhook.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { chatMessageInput } from "./endpoints/chat-input.ts";
import { createEndpointPageCache, type EndpointPage } from "./endpoints/endpoint-page.ts";
import { verificationBody } from "./endpoints/verification-body.ts";
import { webhookBody } from "./endpoints/webhook-body.ts";

export interface EndpointDispatcherOptions {
  deps: Deps;
  /** The SSRF-guarded fetch for endpoints an admin added (private targets as the page allows). */
  fetch: SafeFetch;
  /** The SSRF-guarded fetch for endpoints the public subscribed: never private targets. */
  publicFetch: SafeFetch;
  publicUrl: string;
  /** Deliveries claimed at once per channel. */
  batchSize?: number;
  /** Batches in flight at once per channel. */
  concurrency?: number;
  /** Requests in flight at once within a batch (each goes to its own endpoint). */
  parallel?: number;
  /** A 2xx must come within this long. */
  timeoutMs?: number;
  /** Uniform in [0, 1): the retry jitter (injected in tests). */
  random?: () => number;
}

/** Sends one delivery to its recipient; `attempt` is called once the endpoint is really contacted. */
type Send = (
  d: DeliveryRow,
  person: SubscriberRow,
  page: EndpointPage,
  attempt: () => void,
) => Promise<DeliveryResult>;

const failed = (deliveryId: string, reason: string): DeliveryResult => ({
  deliveryId,
  outcome: "failed",
  reason,
});

/** Builds the lane of one endpoint channel; the lanes built by one factory share its caches and fetches. */
export type EndpointLanes = (channel: EndpointChannel) => Dispatcher;

/**
 * Signed webhooks and chat messages (Slack, Discord, Teams): one dispatcher per channel, each posting
 * a batch's deliveries to their endpoints side by side, retried on the webhook schedule (about a
 * day), and tracking each endpoint's health so one that fails for a day is disabled.
 */
export function createEndpointLanes(options: EndpointDispatcherOptions): EndpointLanes {
  const { deps, fetch, publicUrl, batchSize = 10, concurrency = 2, parallel = batchSize, random } = options;
  const pages = createEndpointPageCache(deps, publicUrl);
  const senders = (through: SafeFetch) => ({
    webhooks: createWebhookSender({ fetch: through, clock: deps.clock, timeoutMs: options.timeoutMs }),
    chats: createChatSender({ fetch: through, clock: deps.clock, timeoutMs: options.timeoutMs }),
  });
  const byOrigin = { admin: senders(fetch), public: senders(options.publicFetch) };
  // Which deliveries of a batch reached their endpoint: only those say anything about its health.
  const attempted = new WeakMap<DeliveryRow[], Set<string>>();

  const dispatcher = (channel: EndpointChannel, send: Send): Dispatcher => ({
    channel,
    provider: channel,
    batchSize,
    concurrency,
    maxAttempts: webhookMaxAttempts,
    // The schedule ends with the last attempt, which the notifier fails before waiting again.
    retryDelay: (attempt, retryAfterMs) => webhookRetryDelay(attempt, retryAfterMs, { random }) ?? 0,
    async dispatch(batch) {
      const reached = new Set<string>();
      attempted.set(batch, reached);
      const [page, people] = await Promise.all([pages.current(), recipients(deps, batch)]);
      return mapLimited(batch, parallel, async (d) => {
        const person = people.get(d.subscriberId);
        // A verification request goes to a pending subscription; everything else to active ones.
        const wanted = d.kind === "confirmation" ? "pending" : "active";
        if (person?.state !== wanted) return failed(d.id, `recipient is ${person?.state ?? "gone"}`);
        try {
          return await send(d, person, page, () => reached.add(d.id));
        } catch (error) {
          // A database hiccup while composing: nothing was sent, so trying again later is safe.
          const reason = `could not prepare the message (${(error as Error).message})`;
          return { deliveryId: d.id, outcome: "retry", reason, retryAfterMs: null };
        }
      });
    },
    async afterRecord(batch, results) {
      const reached = attempted.get(batch);
      if (!reached?.size) return;
      const owner = new Map(batch.map((d) => [d.id, d.subscriberId]));
      const attempts = results
        .filter((r) => reached.has(r.deliveryId))
        .map((r) =>
          r.outcome === "sent"
            ? { subscriberId: owner.get(r.deliveryId)!, ok: true as const }
            : { subscriberId: owner.get(r.deliveryId)!, ok: false as const, error: r.reason },
        );
      const disabled = await recordEndpointHealth(deps, { attempts, shouldDisable });
      if (disabled.length)
        deps.logger.warn("disabled endpoints that failed for a day", { channel, disabled });
    },
  });

  const sendWebhook: Send = async (d, person, page, attempt) => {
    const now = deps.clock.now();
    const message = {
      deliveryId: d.id,
      url: person.address,
      secret: deriveWebhookSecret(page.linkKey, person.id, person.tokenVersion),
      timestamp: now,
    };
    const { webhooks } = byOrigin[person.addedBy];
    if (d.kind === "confirmation") {
      const { body, challenge } = verificationBody(page, d, person, now);
      attempt();
      const result = await webhooks.send({ ...message, body, expectEcho: challenge });
      if (result.outcome === "sent") await confirmWebhook(deps, person.id, person.tokenVersion);
      return result;
    }
    const composed = await webhookBody(page, d, person, now);
    if ("failed" in composed) return failed(d.id, composed.failed);
    attempt();
    return webhooks.send({ ...message, body: composed.body });
  };

  const sendChat =
    (service: ChatService): Send =>
    async (d, person, page, attempt) => {
      const composed = await chatMessageInput(page, d, person);
      if ("failed" in composed) return failed(d.id, composed.failed);
      attempt();
      const { chats } = byOrigin[person.addedBy];
      return chats.send({ deliveryId: d.id, service, url: person.address, message: composed.message });
    };
  return (channel) => dispatcher(channel, isChat(channel) ? sendChat(channel) : sendWebhook);
}

const isChat = (channel: EndpointChannel): channel is ChatService => channelSpecs[channel].reach === "chat";

/** Every endpoint channel's lane, sharing one factory. */
export const createEndpointDispatchers = (options: EndpointDispatcherOptions): Dispatcher[] =>
  endpointChannels.map(createEndpointLanes(options));

async function recipients(deps: Deps, batch: DeliveryRow[]): Promise<Map<string, SubscriberRow>> {
  const ids = [...new Set(batch.map((d) => d.subscriberId))];
  const rows = await deps.read((db) => db.select().from(subscribers).where(inArray(subscribers.id, ids)));
  return new Map(rows.map((s) => [s.id, s]));
}
