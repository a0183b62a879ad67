import type { Deps } from "../domain/context.ts";
import { twilioUnsubscribedError } from "../domain/deliveries/twilio-status.ts";
import { optOutSmsSubscribers } from "../domain/subscribers/opt-out-sms.ts";
import type { SmsRenderer } from "../templates/render-sms.ts";
import { createSmsOverrideSync } from "../templates/sync-sms-overrides.ts";
import type { DeliveryResult } from "./channels/email-channel.ts";
import { mapLimited } from "./channels/map-limited.ts";
import type { OutgoingSms, SmsDeliveryResult, SmsProvider } from "./channels/sms/sms-provider.ts";
import { composeSms, type SmsComposeCache } from "./compose-sms.ts";
import type { Dispatcher } from "./dispatcher.ts";

export interface SmsDispatcherOptions {
  deps: Deps;
  provider: SmsProvider;
  renderer: SmsRenderer;
  publicUrl: string;
  /** Where the provider reports delivered / undelivered for each message. */
  statusCallbackUrl?: string;
  batchSize?: number;
  concurrency?: number;
  /** Provider calls in flight per batch (the provider's rate limiter paces them). */
  sendsPerBatch?: number;
  /** How often the SMS sources admins saved are re-read (another process may have changed them). */
  overrideSyncMs?: number | undefined;
}

const overrideSyncMs = 10_000;

type OptedOut = Extract<SmsDeliveryResult, { outcome: "failed" }>;
const isOptOut = (r: DeliveryResult): r is OptedOut =>
  r.outcome === "failed" &&
  "optedOut" in r &&
  (r.optedOut === true || (r as OptedOut).code === twilioUnsubscribedError);

/**
 * SMS: one provider call per message (no batch API at Twilio or Vonage). The provider's own
 * result passes through, so a failover's answer says which provider carried each message.
 */
export function createSmsDispatcher(options: SmsDispatcherOptions): Dispatcher {
  const { deps, provider, renderer, publicUrl, statusCallbackUrl, sendsPerBatch = 5 } = options;
  const cache: SmsComposeCache = {};
  const syncOverrides = createSmsOverrideSync(deps, renderer);
  let syncedAt: number | undefined;
  const send = async (message: OutgoingSms): Promise<DeliveryResult> => {
    try {
      return await provider.send(message);
    } catch (error) {
      // A provider bug must not lose the message: it comes back later like any retry.
      const reason = `${provider.name}: ${error instanceof Error ? error.message : String(error)}`;
      return { deliveryId: message.deliveryId, outcome: "retry", reason, retryAfterMs: null };
    }
  };
  return {
    channel: "sms",
    provider: provider.name,
    batchSize: options.batchSize ?? 10,
    concurrency: options.concurrency ?? 2,
    async dispatch(batch) {
      // The first batch reads the saved sources; later ones look every few seconds, not per batch.
      if (syncedAt === undefined || Date.now() - syncedAt >= (options.overrideSyncMs ?? overrideSyncMs)) {
        syncedAt = Date.now();
        if (await syncOverrides()) cache.entry = undefined;
      }
      const { messages, skipped } = await composeSms(deps, batch, {
        renderer,
        publicUrl,
        statusCallbackUrl,
        cache,
      });
      return [...(await mapLimited(messages, sendsPerBatch, send)), ...skipped];
    },
    async afterRecord(batch, results) {
      const byId = new Map(batch.map((d) => [d.id, d]));
      const optOuts = results.filter(isOptOut).flatMap((r) => {
        const d = byId.get(r.deliveryId);
        return d ? [{ subscriberId: d.subscriberId, provider: r.provider, code: r.code }] : [];
      });
      const unsubscribed = await optOutSmsSubscribers(deps, optOuts);
      if (unsubscribed)
        deps.logger.info("unsubscribed numbers that opted out at the carrier", { unsubscribed });
    },
  };
}
