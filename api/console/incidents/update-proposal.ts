import type { IncidentView } from "../../domain/read/load-page.ts";
import { impactOfStatus, worstImpact } from "../../domain/status-rules.ts";
import type { AnyIncidentStatus, ComponentStatus } from "../../domain/types.ts";
import type { ProposedMessage } from "./message-preview.ts";

export interface UpdateInputLike {
  status: AnyIncidentStatus;
  body: string;
  body_translations?: { fr?: string | undefined } | undefined;
  components?: Record<string, ComponentStatus> | undefined;
  deliver_notifications?: boolean | undefined;
}

/**
 * The message an update to an existing incident or maintenance would send. The components it lists
 * follow the domain's defaults: closing sets the incident's components back to operational, starting
 * a maintenance puts them under maintenance, and an update that names none lists them as the
 * notifier does.
 */
export function proposedUpdate(view: IncidentView, input: UpdateInputLike): ProposedMessage {
  const i = view.incident;
  const named = Object.entries(input.components ?? {});
  const all = (status: ComponentStatus) => view.componentIds.map((componentId) => ({ componentId, status }));
  const shown = named.length
    ? named.map(([componentId, status]) => ({ componentId, status }))
    : i.kind === "maintenance" && input.status === "in_progress"
      ? all("under_maintenance")
      : all("operational");
  const impact =
    i.kind === "maintenance" || i.impact === "maintenance"
      ? "none"
      : (i.impactOverride ?? worstImpact([i.impact, ...named.map(([, s]) => impactOfStatus(s))]));
  return {
    event: i.kind === "incident" ? "incident.updated" : "maintenance.updated",
    kind: i.kind,
    incidentId: i.id,
    name: i.name,
    nameFr: view.nameTranslations.fr,
    body: input.body,
    bodyFr: input.body_translations?.fr,
    status: input.status,
    deliver: i.published && (input.deliver_notifications ?? true),
    impact,
    shown,
    audience: [...new Set([...view.componentIds, ...named.map(([id]) => id)])],
    window:
      i.scheduledFor && i.scheduledUntil
        ? { scheduledFor: i.scheduledFor, scheduledUntil: i.scheduledUntil }
        : undefined,
  };
}

interface OpeningInputLike {
  name: string;
  name_translations?: { fr?: string | undefined } | undefined;
  body: string;
  body_translations?: { fr?: string | undefined } | undefined;
}

/** The words of the first message of an incident or a maintenance not created yet: its name and body. */
export const openingTexts = (input: OpeningInputLike) => ({
  name: input.name,
  nameFr: input.name_translations?.fr,
  body: input.body,
  bodyFr: input.body_translations?.fr,
});
