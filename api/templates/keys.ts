import type { AnyIncidentStatus, ComponentStatus, Impact } from "../domain/types.ts";

/**
 * Every email the notifier sends, with the shape of data it needs. Keys and parts are defined here
 * once; maps typed `Record<TemplateKey, …>` make a key that is not wired everywhere fail to compile.
 */
export const templateKinds = {
  confirmation: "confirmation",
  "incident-created": "incident",
  "incident-updated": "incident",
  "incident-resolved": "incident",
  "maintenance-scheduled": "maintenance",
  "maintenance-reminder": "maintenance",
  "maintenance-started": "maintenance",
  "maintenance-completed": "maintenance",
} as const;
export type TemplateKey = keyof typeof templateKinds;
export const templateKeys = Object.keys(templateKinds) as TemplateKey[];

export const templateParts = ["subject", "html", "text"] as const;
export type TemplatePart = (typeof templateParts)[number];

export interface PageInput {
  name: string;
  /** Public URL of the status page. */
  url: string;
  /** `#rgb` or `#rrggbb`; anything else falls back to the default accent. */
  accent_color: string;
  /** IANA time zone in which dates are shown, e.g. `Europe/Paris`. */
  time_zone: string;
}

export interface SubscriberInput {
  manage_url: string;
  unsubscribe_url: string;
}

export interface AffectedComponentInput {
  name: string;
  /** The component's status after this update. */
  status: ComponentStatus;
}

export interface IncidentInput {
  id: string;
  name: string;
  status: AnyIncidentStatus;
  impact: Impact;
  url: string;
  /** The update body, rendered once per update by `renderUpdateBody`. */
  body_html: string;
  body_text: string;
  components: AffectedComponentInput[];
  /** When the update was posted (ISO 8601); shown in the page's time zone with its abbreviation. */
  posted_at?: string;
}

export interface MaintenanceWindowInput {
  /** ISO 8601 instants; shown in the page's time zone and the recipient's locale. */
  scheduled_for: string;
  scheduled_until: string;
}

export interface ConfirmationRenderInput {
  page: PageInput;
  subscriber: SubscriberInput;
  confirm_url: string;
}

export interface IncidentRenderInput {
  page: PageInput;
  subscriber: SubscriberInput;
  incident: IncidentInput;
}

export interface MaintenanceRenderInput extends IncidentRenderInput {
  maintenance: MaintenanceWindowInput;
}

interface RenderInputByKind {
  confirmation: ConfirmationRenderInput;
  incident: IncidentRenderInput;
  maintenance: MaintenanceRenderInput;
}

export type RenderInput<K extends TemplateKey> = RenderInputByKind[(typeof templateKinds)[K]];
export type AnyRenderInput = RenderInputByKind[keyof RenderInputByKind];

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
