// Types only: the public documents are shaped once, for the API; webhooks reuse the same objects.

import type { ComponentStatus, Indicator } from "../../../domain/types.ts";
import type { ComponentShape, incidentShape } from "../../../shapes/statuspage-shapes.ts";

/** The public v2 incident (or maintenance) object, as `GET /api/v2/incidents.json` lists it. */
export type PublicIncident = ReturnType<typeof incidentShape>;
/** The public v2 component object, as `GET /api/v2/components.json` lists it. */
export type PublicComponent = ComponentShape;

/** What every payload carries around its event: who sent it, and how to stop it. */
export interface WebhookEnvelopeInput {
  page: { id: string; statusIndicator: Indicator; statusDescription: string };
  /** Where this subscriber unsubscribes (their own link). */
  unsubscribeUrl: string;
  /** Where the payload format is described for integrators. */
  documentationUrl: string;
  /** When the payload was built: ISO 8601 with offset. */
  generatedAt: string;
}

export interface ComponentUpdateInput {
  /** The id of this status change (one row of the component's status history). */
  id: string;
  /** When the status changed: ISO 8601 with offset, as the public API formats times. */
  createdAt: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
  /** The component after the change. */
  component: PublicComponent;
}

function envelope(input: WebhookEnvelopeInput) {
  return {
    meta: {
      unsubscribe: input.unsubscribeUrl,
      documentation: input.documentationUrl,
      generated_at: input.generatedAt,
    },
    page: {
      id: input.page.id,
      status_indicator: input.page.statusIndicator,
      status_description: input.page.statusDescription,
    },
  };
}

/**
 * Statuspage's subscriber webhook for an incident created or updated (maintenances too: their
 * object carries the `scheduled_*` fields). Receivers written for Statuspage read it unchanged.
 */
export function incidentWebhookPayload(input: WebhookEnvelopeInput, incident: PublicIncident) {
  return { ...envelope(input), incident };
}

/** Statuspage's subscriber webhook for a component status change (not for a rename or a move). */
export function componentUpdateWebhookPayload(input: WebhookEnvelopeInput, update: ComponentUpdateInput) {
  return {
    ...envelope(input),
    component_update: {
      created_at: update.createdAt,
      new_status: update.newStatus,
      old_status: update.oldStatus,
      id: update.id,
      component_id: update.component.id,
      component_type: "Component",
    },
    component: update.component,
  };
}

export type WebhookPayload =
  | ReturnType<typeof incidentWebhookPayload>
  | ReturnType<typeof componentUpdateWebhookPayload>;
