import type { IncidentView } from "../domain/read/load-page.ts";
import type { ComponentStatus, IncidentKind, Locale } from "../domain/types.ts";
import {
  createUpdateBodyRenderer,
  type IncidentInput,
  type MaintenanceWindowInput,
} from "../templates/index.ts";

/** The page's components by id: the names and the statuses they have now. */
export type ComponentIndex = Map<
  string,
  { name: string; status: ComponentStatus; nameTranslations?: Partial<Record<Locale, string>> }
>;

export const incidentUrl = (base: string, kind: IncidentKind, id: string) =>
  `${base}/${kind === "incident" ? "incidents" : "maintenances"}/${id}/`;

/**
 * What one update says, in the recipient's language where the admin wrote a translation: the update
 * a delivery is about (the latest when it names none), and the components it concerns with their
 * status after it; an update that changed no component speaks of the incident's, as they stand now.
 */
export function updateNews(
  view: IncidentView,
  updateId: string | null,
  locale: Locale,
  components: ComponentIndex,
) {
  const update = view.updates.find((u) => u.id === updateId) ?? view.updates[0];
  const affected = update?.affected.length
    ? update.affected.map((a) => ({ id: a.componentId, status: a.newStatus }))
    : view.componentIds.map((id) => ({ id, status: components.get(id)?.status ?? ("operational" as const) }));
  return {
    update,
    name: view.nameTranslations[locale] ?? view.incident.name,
    body: update ? (update.translations[locale] ?? update.body) : "",
    components: affected
      .filter((a) => components.has(a.id))
      .map((a) => {
        const c = components.get(a.id)!;
        return { name: c.nameTranslations?.[locale] || c.name, status: a.status };
      }),
  };
}

const markdown = createUpdateBodyRenderer();

/** The `incident` (and `maintenance`) data the email and SMS templates get for one update. */
export function templateIncidentInput(
  view: IncidentView,
  updateId: string | null,
  locale: Locale,
  components: ComponentIndex,
  base: string,
): { kind: IncidentKind; incident: IncidentInput; maintenance: MaintenanceWindowInput } {
  const { kind, id, status, impact, scheduledFor, scheduledUntil } = view.incident;
  const news = updateNews(view, updateId, locale, components);
  return {
    kind,
    incident: {
      id,
      name: news.name,
      status,
      impact: impact === "maintenance" ? "none" : impact,
      url: incidentUrl(base, kind, id),
      ...markdown(news.body),
      components: news.components,
      posted_at: news.update?.displayAt.toISOString() ?? "",
    },
    maintenance: {
      scheduled_for: scheduledFor?.toISOString() ?? "",
      scheduled_until: scheduledUntil?.toISOString() ?? "",
    },
  };
}
