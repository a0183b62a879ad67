import { Webhook } from "standardwebhooks";
import type { DeliveryResult } from "../email-channel.ts";
import { type JsonSenderOptions, jsonPoster } from "./post-json.ts";

export type WebhookSenderOptions = JsonSenderOptions;

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
  const post = jsonPoster(options, "Vigie-Webhooks/1");
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
      return post({
        deliveryId,
        url,
        body,
        headers: {
          "webhook-id": deliveryId,
          "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
          "webhook-signature": signature,
        },
        ...(expectEcho !== undefined && { expectEcho }),
      });
    },
  };
}
