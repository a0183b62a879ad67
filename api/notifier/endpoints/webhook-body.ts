import type { DeliveryRow } from "../../domain/deliveries/claim-deliveries.ts";
import { readEvent } from "../../domain/outbox/events.ts";
import { signLink } from "../../domain/subscribers/links.ts";
import type { SubscriberRow } from "../../domain/subscribers/subscriber-store.ts";
import { formatInZone } from "../../shapes/format-time.ts";
import {
  componentUpdateWebhookPayload,
  incidentWebhookPayload,
  type WebhookEnvelopeInput,
} from "../channels/webhook/payload.ts";
import type { EndpointPage } from "./endpoint-page.ts";

/** Where integrators read the payload format (the project's documentation of these webhooks). */
export const webhookDocumentationUrl = "https://github.com/vigie-status/vigie#webhook-payloads";

/** The JSON to send, or why this delivery cannot be sent (retrying would not change that). */
export type ComposedBody = { body: string } | { failed: string };

/** The subscriber's own link: one POST there ends the subscription, as in every email. */
export function unsubscribeUrl(page: EndpointPage, person: SubscriberRow): string {
  const token = signLink(page.linkKey, "manage", person.id, person.tokenVersion);
  return `${page.base}/subscribe/unsubscribe?token=${token}`;
}

/**
 * The Statuspage-shaped payload of one delivery: the incident (or maintenance) exactly as the public
 * API shows it, or the component status change its outbox event recorded, inside the envelope that
 * says whose page it is and how this subscriber stops it.
 */
export async function webhookBody(
  page: EndpointPage,
  d: DeliveryRow,
  person: SubscriberRow,
  now: Date,
): Promise<ComposedBody> {
  const tz = page.ctx.settings.timeZone;
  const envelope: WebhookEnvelopeInput = {
    page: {
      id: page.ctx.settings.pageId,
      statusIndicator: page.status.indicator,
      statusDescription: page.status.description,
    },
    unsubscribeUrl: unsubscribeUrl(page, person),
    documentationUrl: webhookDocumentationUrl,
    generatedAt: formatInZone(now, tz),
  };
  if (d.kind === "component-updated") {
    const stored = await page.event(d.cause);
    const event = stored && readEvent(stored);
    const payload = event?.type === "component.status_changed" ? event.payload : null;
    const component = page.components.find((c) => c.id === payload?.component_id);
    if (!stored || !component) return { failed: "the component was deleted" };
    if (!payload)
      return { failed: `event ${stored.id} does not say which status the component changed from and to` };
    const body = componentUpdateWebhookPayload(envelope, {
      id: stored.id,
      createdAt: formatInZone(stored.createdAt, tz),
      oldStatus: payload.old_status,
      newStatus: payload.new_status,
      component,
    });
    return { body: JSON.stringify(body) };
  }
  if (!d.incidentId || d.kind === "confirmation" || d.kind === "dependency-alert")
    return { failed: `a ${d.kind} message is not sent to webhooks` };
  const found = await page.incident(
    d.kind.startsWith("maintenance") ? "maintenance" : "incident",
    d.incidentId,
  );
  if (!found) return { failed: "the incident was deleted" };
  return { body: JSON.stringify(incidentWebhookPayload(envelope, found.shape)) };
}
