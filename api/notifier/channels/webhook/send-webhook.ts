import { Webhook } from "standardwebhooks";
import { type Clock, systemClock } from "../../../domain/clock.ts";
import type { SafeFetch } from "../../../net/safe-fetch.ts";
import type { DeliveryResult } from "../email-channel.ts";
import { postJson } from "./post-json.ts";

export interface WebhookSenderOptions {
  /** The SSRF-guarded fetch: subscribers choose these URLs. */
  fetch: SafeFetch;
  /** A 2xx must arrive within this long (Standard Webhooks suggests 15–30 s). */
  timeoutMs?: number;
  /** Receivers answer with a status; whatever body they send is not ours to store. */
  maxResponseBytes?: number;
  userAgent?: string;
  clock?: Clock;
}

export interface WebhookDeliveryInput {
  /** Sent as `webhook-id`: the same on every attempt, so the receiver can drop a repeat. */
  deliveryId: string;
  url: string;
  /** The subscriber's `whsec_…` secret. */
  secret: string;
  /** The JSON payload, serialised once: the signature covers these exact bytes. */
  body: string;
  /** When this attempt is made (not when the delivery was created): receivers refuse a signature
   * more than 5 minutes off their clock. */
  timestamp: Date;
  /** A verification request: only an answer echoing this challenge counts as delivered. */
  expectEcho?: string;
}

export interface WebhookSender {
  send(input: WebhookDeliveryInput): Promise<DeliveryResult>;
}

/** Signs and POSTs subscriber webhooks per Standard Webhooks (HMAC-SHA256, `v1,` signatures). */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const {
    fetch,
    timeoutMs = 15_000,
    maxResponseBytes = 64 * 1024,
    userAgent = "Vigie-Webhooks/1",
    clock = systemClock,
  } = options;
  return {
    async send({ deliveryId, url, secret, body, timestamp, expectEcho }) {
      let signature: string;
      try {
        signature = new Webhook(secret).sign(deliveryId, timestamp, body);
      } catch (error) {
        // A secret we cannot decode will not decode on the next attempt either.
        const reason = `the webhook secret is not a valid whsec_ secret (${(error as Error).message})`;
        return { deliveryId, outcome: "failed", reason };
      }
      return postJson({
        fetch,
        deliveryId,
        url,
        body,
        headers: {
          "user-agent": userAgent,
          "webhook-id": deliveryId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
        timeoutMs,
        maxResponseBytes,
        now: clock.now().getTime(),
        ...(expectEcho !== undefined && { expectEcho }),
      });
    },
  };
}
