import type { Site } from "./site.ts";
import type { SiteComponent, SiteIncident } from "./site-document.ts";

/** A leaf component, hidden when it is only shown while degraded and is operational. */
export interface ComponentEntry {
  component: SiteComponent;
  hidden: boolean;
}

export type TopEntry =
  | { kind: "group"; group: SiteComponent; children: ComponentEntry[]; hidden: boolean }
  | { kind: "component"; entry: ComponentEntry };

const entry = (component: SiteComponent): ComponentEntry => ({
  component,
  hidden: component.only_show_if_degraded && component.status === "operational",
});

/** The components in page order, each group with its children. */
export function componentTree(site: Site): TopEntry[] {
  const out: TopEntry[] = [];
  for (const c of site.doc.components) {
    if (c.group) {
      const children = (c.components ?? []).flatMap((id) => {
        const child = site.components.get(id);
        return child ? [entry(child)] : [];
      });
      out.push({
        kind: "group",
        group: c,
        children,
        hidden: children.length > 0 && children.every((e) => e.hidden),
      });
    } else if (!c.group_id) {
      out.push({ kind: "component", entry: entry(c) });
    }
  }
  return out;
}

const openStatuses = new Set<string>(["investigating", "identified", "monitoring"]);

export const activeIncidents = (site: Site): SiteIncident[] =>
  site.doc.incidents.filter((i) => openStatuses.has(i.status));

export const maintenancesInProgress = (site: Site): SiteIncident[] =>
  site.doc.scheduled_maintenances.filter((m) => m.status === "in_progress" || m.status === "verifying");

export const upcomingMaintenances = (site: Site): SiteIncident[] =>
  site.doc.scheduled_maintenances
    .filter((m) => m.status === "scheduled")
    .sort(
      (a, b) => Date.parse(a.scheduled_for ?? a.started_at) - Date.parse(b.scheduled_for ?? b.started_at),
    );
