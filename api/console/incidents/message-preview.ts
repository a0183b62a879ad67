import type { Actor, Deps } from "../../domain/context.ts";
import type { OutboxEventType } from "../../domain/outbox/append-event.ts";
import { readEvent } from "../../domain/outbox/events.ts";
import { notificationOf } from "../../domain/outbox/notification-events.ts";
import { channelsFor } from "../../domain/outbox/who-hears-what.ts";
import { loadPage } from "../../domain/read/load-page.ts";
import { countRecipients, type RecipientCount } from "../../domain/subscribers/count-recipients.ts";
import {
  type AnyIncidentStatus,
  type Channel,
  type ComponentStatus,
  type Impact,
  type IncidentKind,
  type Locale,
  locales,
} from "../../domain/types.ts";
import { createUpdateBodyRenderer, type IncidentInput, type TemplateKey } from "../../templates/index.ts";
import type { PreviewRenderers } from "./preview-renderers.ts";

/** What a form is about to do, as the notifier will see it once it is done. */
export interface ProposedMessage {
  /** The outbox event the action writes: it decides which message goes out, exactly as the notifier does. */
  event: OutboxEventType;
  kind: IncidentKind;
  /** Absent for an incident not created yet: its link then points at the incidents list. */
  incidentId?: string | undefined;
  name: string;
  nameFr?: string | undefined;
  body: string;
  bodyFr?: string | undefined;
  status: AnyIncidentStatus;
  deliver: boolean;
  impact: Impact;
  /** The components the message lists, with their status after this update. */
  shown: { componentId: string; status: ComponentStatus }[];
  /** The incident's components: their followers get the message, as do those who follow everything. */
  audience: string[];
  window?: { scheduledFor: Date; scheduledUntil: Date } | undefined;
}

export interface MessagePreview {
  /** The template the message uses, or null when this action sends nothing. */
  key: TemplateKey | null;
  channels: Channel[];
  recipients: RecipientCount[];
  emails: { locale: Locale; subject: string; text: string; html: string }[];
  /** Empty when SMS subscribers do not get this kind of message (see the settings' SMS kinds). */
  sms: { locale: Locale; text: string }[];
}

const markdown = createUpdateBodyRenderer();

/**
 * Renders the message subscribers would get, in each language, with the real templates and the page's
 * settings, and counts who would get it per channel. Only the subscriber's own links are samples.
 */
export async function previewMessage(
  deps: Deps,
  actor: Actor,
  publicUrl: string,
  renderers: PreviewRenderers,
  proposed: ProposedMessage,
): Promise<MessagePreview> {
  const idKey = proposed.kind === "incident" ? "incident_id" : "maintenance_id";
  const event = readEvent({
    seq: 0,
    id: "evt_preview",
    type: proposed.event,
    payload: {
      [idKey]: proposed.incidentId ?? "preview",
      update_id: "upd_preview",
      status: proposed.status,
      deliver_notifications: proposed.deliver,
    },
    createdAt: deps.clock.now(),
  });
  const notification = event && notificationOf(event);
  const key = notification && "incidentId" in notification ? (notification.kind as TemplateKey) : null;
  if (!key) return { key: null, channels: [], recipients: [], emails: [], sms: [] };

  const { settings, components } = await loadPage(deps);
  const channels = channelsFor(key as Parameters<typeof channelsFor>[0], settings.smsKinds);
  const recipients = await countRecipients({
    ctx: { deps, actor },
    input: { componentIds: proposed.audience, channels },
  });
  const base = (settings.url ?? publicUrl).replace(/\/+$/, "");
  const names = new Map(components.map((c) => [c.id, c.name]));
  const page = {
    name: settings.name,
    url: base,
    accent_color: settings.accentColor,
    time_zone: settings.timeZone,
  };
  const subscriber = {
    manage_url: `${base}/subscribe/manage?token=sample`,
    unsubscribe_url: `${base}/subscribe/unsubscribe?token=sample`,
  };
  const section = proposed.kind === "incident" ? "incidents" : "maintenances";
  const incidentOf = (locale: Locale): IncidentInput => ({
    id: proposed.incidentId ?? "preview",
    name: (locale === "fr" && proposed.nameFr) || proposed.name,
    status: proposed.status,
    impact: proposed.impact,
    url: proposed.incidentId ? `${base}/${section}/${proposed.incidentId}/` : `${base}/`,
    ...markdown((locale === "fr" && proposed.bodyFr) || proposed.body),
    components: proposed.shown
      .filter((s) => names.has(s.componentId))
      .map((s) => ({ name: names.get(s.componentId)!, status: s.status })),
  });
  const maintenance = {
    scheduled_for: proposed.window?.scheduledFor.toISOString() ?? "",
    scheduled_until: proposed.window?.scheduledUntil.toISOString() ?? "",
  };
  const [email, sms] = await Promise.all([renderers.email(), renderers.sms()]);
  // The key decides the input's shape; the union of shapes is what both renderers accept.
  const input = (locale: Locale) =>
    proposed.kind === "maintenance"
      ? { page, incident: incidentOf(locale), maintenance }
      : { page, incident: incidentOf(locale) };
  const k = key as "maintenance-started";
  return {
    key,
    channels,
    recipients,
    emails: locales.map((locale) => ({
      locale,
      ...email.render(k, locale, { ...input(locale), subscriber } as Parameters<typeof email.render>[2]),
    })),
    sms: channels.includes("sms")
      ? locales.map((locale) => ({
          locale,
          text: sms.render(k, locale, input(locale) as Parameters<typeof sms.render<typeof k>>[2]),
        }))
      : [],
  };
}
