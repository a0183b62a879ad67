import type { AnyIncidentStatus, ComponentStatus, Impact, Locale } from "../../../domain/types.ts";
import { emailLabels } from "../../../templates/labels.ts";

/** What every chat service is told about one incident update; each formats it its own way. */
export interface ChatMessageInput {
  pageName: string;
  incidentName: string;
  status: AnyIncidentStatus;
  /** `maintenance` for a scheduled maintenance. */
  impact: Impact | "maintenance";
  /** The update's text, as the admin wrote it. */
  body: string;
  /** The affected components, with their status after the update. */
  components: { name: string; status: ComponentStatus }[];
  /** The incident on the status page. */
  url: string;
  locale: Locale;
}

export { type ChatService, chatServices } from "../../../domain/subscribers/channel-specs.ts";

const maintenanceLabel: Record<Locale, string> = { en: "Maintenance", fr: "Maintenance" };

/** The same words as the emails, so a subscriber reads one vocabulary whatever the channel. */
export function chatLabels(input: ChatMessageInput) {
  const labels = emailLabels[input.locale];
  return {
    ...labels,
    statusName: labels.incident_statuses[input.status],
    impactName:
      input.impact === "maintenance" ? maintenanceLabel[input.locale] : labels.impacts[input.impact],
    componentLines: input.components.map((c) => ({
      name: c.name,
      status: labels.component_statuses[c.status],
    })),
  };
}

/** Resolved, completed and post-mortem updates are good news whatever the incident's impact was. */
export const isGoodNews = (status: AnyIncidentStatus) =>
  status === "resolved" || status === "completed" || status === "postmortem";

/** Cuts text to the service's limit (counted in UTF-16 units, as their JSON limits are). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is invalid text.
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end--;
  return `${text.slice(0, end)}…`;
}
