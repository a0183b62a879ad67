import { signLink } from "../../domain/subscribers/links.ts";
import type { SubscriberRow } from "../../domain/subscribers/subscriber-store.ts";
import { type ComponentStatus, componentStatuses } from "../../domain/types.ts";
import { formatInZone } from "../../shapes/format-time.ts";
import {
  componentUpdateWebhookPayload,
  incidentWebhookPayload,
  type WebhookEnvelopeInput,
} from "../channels/webhook/payload.ts";
import type { DeliveryRow } from "../claim-deliveries.ts";
import type { EndpointPage } from "./endpoint-page.ts";

/** Where integrators read the payload format (the project's documentation of these webhooks). */
export const webhookDocumentationUrl = "https://github.com/vigie-status/vigie#webhook-payloads";

/** The JSON to send, or why this delivery cannot be sent (retrying would not change that). */
export type ComposedBody = { body: string } | { failed: string };

const isStatus = (value: unknown): value is ComponentStatus =>
  (componentStatuses as readonly unknown[]).includes(value);

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
    const event = await page.event(d.cause);
    const payload = (event?.payload ?? {}) as Record<string, unknown>;
    const component = page.components.find((c) => c.id === payload.component_id);
    if (!event || !component) return { failed: "the component was deleted" };
    if (!isStatus(payload.old_status) || !isStatus(payload.new_status))
      return { failed: `event ${event.id} does not say which status the component changed from and to` };
    const body = componentUpdateWebhookPayload(envelope, {
      id: event.id,
      createdAt: formatInZone(event.createdAt, tz),
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
