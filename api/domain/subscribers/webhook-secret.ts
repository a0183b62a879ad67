import { createHmac, type KeyObject } from "node:crypto";
import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { notFound } from "../errors.ts";
import { linkSecret } from "./links.ts";

/**
 * A webhook endpoint's signing secret, in the Standard Webhooks form (`whsec_` + base64 of 32 bytes).
 * Derived, not stored: the same key, id and token version always give the same secret, and bumping
 * the version (a new subscription of the same URL) rotates it.
 */
export function deriveWebhookSecret(
  key: Buffer | KeyObject,
  subscriberId: string,
  tokenVersion: number,
): string {
  const bytes = createHmac("sha256", key).update(`webhook-secret:${subscriberId}:${tokenVersion}`).digest();
  return `whsec_${bytes.toString("base64")}`;
}

/**
 * The challenge of a webhook subscription's verification request: derived from the delivery that
 * carries it, so it is never stored, and a receiver can only return it by having received it.
 */
export function webhookChallenge(key: Buffer | KeyObject, subscriberId: string, deliveryId: string): string {
  return createHmac("sha256", key)
    .update(`webhook-challenge:${subscriberId}:${deliveryId}`)
    .digest("base64url");
}

/** The secret the notifier signs a webhook subscriber's payloads with. */
export async function webhookSecretFor(deps: Deps, subscriberId: string): Promise<string> {
  const [row] = await deps.read((db) =>
    db
      .select({ channel: subscribers.channel, tokenVersion: subscribers.tokenVersion })
      .from(subscribers)
      .where(eq(subscribers.id, subscriberId)),
  );
  if (row?.channel !== "webhook") throw notFound("Webhook subscriber", subscriberId);
  return deriveWebhookSecret(await linkSecret(deps), subscriberId, row.tokenVersion);
}
