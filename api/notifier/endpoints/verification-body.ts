import type { DeliveryRow } from "../../domain/deliveries/claim-deliveries.ts";
import type { SubscriberRow } from "../../domain/subscribers/subscriber-store.ts";
import { webhookChallenge } from "../../domain/subscribers/webhook-secret.ts";
import { formatInZone } from "../../shapes/format-time.ts";
import type { EndpointPage } from "./endpoint-page.ts";
import { unsubscribeUrl, webhookDocumentationUrl } from "./webhook-body.ts";

/**
 * The verification request of a public webhook subscription, signed like every payload: the
 * subscription becomes active when the receiver answers 2xx with `challenge` (the plain value, or
 * `{"challenge": "..."}`). Nothing else is sent to that URL before.
 */
export function verificationBody(
  page: EndpointPage,
  d: DeliveryRow,
  person: SubscriberRow,
  now: Date,
): { body: string; challenge: string } {
  const challenge = webhookChallenge(page.linkKey, person.id, d.id);
  const body = JSON.stringify({
    type: "webhook.verification",
    challenge,
    meta: {
      unsubscribe: unsubscribeUrl(page, person),
      documentation: webhookDocumentationUrl,
      generated_at: formatInZone(now, page.ctx.settings.timeZone),
    },
    page: { id: page.ctx.settings.pageId, name: page.ctx.settings.name, url: page.base },
  });
  return { body, challenge };
}
