import { componentStatuses } from "../../../db/schema/enums.ts";
import type { componentStatusHistory } from "../../../db/schema/index.ts";
import type { ComponentRow } from "../components/component-store.ts";
import type { StatuspageComponent } from "./statuspage-documents.ts";
import { keepId, oneOf, time } from "./statuspage-values.ts";

export interface ImportedComponents {
  components: ComponentRow[];
  history: (typeof componentStatusHistory.$inferInsert)[];
  /** The page's component id → ours (the same unless it could not be kept). */
  ids: Map<string, string>;
}

/**
 * Components and groups as the page lists them: order, descriptions, current statuses and dates. A
 * group's own status is never read (it is rolled up from its children), and groups do not nest.
 */
export function importComponents(source: StatuspageComponent[], now: Date): ImportedComponents {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of source) ids.set(c.id, keepId(c.id, "component", taken));
  const groups = new Set(source.filter((c) => c.group === true).map((c) => c.id));
  const components = source.map((c, index): ComponentRow => {
    const where = `components[${index}]`;
    const isGroup = groups.has(c.id);
    const createdAt = time(c.created_at, `${where}.created_at`, now);
    return {
      id: ids.get(c.id)!,
      name: c.name,
      description: c.description ?? null,
      // Statuspage pages have one language.
      nameTranslations: {},
      descriptionTranslations: {},
      status: isGroup
        ? "operational"
        : oneOf(componentStatuses, c.status, `${where}.status`, "component status"),
      position: c.position ?? index + 1,
      showcase: c.showcase ?? !isGroup,
      onlyShowIfDegraded: c.only_show_if_degraded ?? false,
      startDate: c.start_date && /^\d{4}-\d{2}-\d{2}$/.test(c.start_date) ? c.start_date : null,
      isGroup,
      groupId: !isGroup && c.group_id && groups.has(c.group_id) ? ids.get(c.group_id)! : null,
      createdAt,
      updatedAt: time(c.updated_at, `${where}.updated_at`, createdAt),
    };
  });
  // Uptime starts now: the page's past statuses are not in its API.
  const history = components
    .filter((c) => !c.isGroup)
    .map((c) => ({ componentId: c.id, status: c.status, startedAt: now, incidentId: null }));
  // Groups first, so that a child never references a row not inserted yet.
  components.sort((a, b) => Number(b.isGroup) - Number(a.isGroup));
  return { components, history, ids };
}
