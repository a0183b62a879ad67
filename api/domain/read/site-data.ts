import { asc, eq } from "drizzle-orm";
import type { DependencyState } from "../../../db/schema/enums.ts";
import {
  componentStatusHistory,
  dependencies,
  dependencyIncidents,
  incidentComponents,
  incidents,
  incidentTranslations,
  incidentUpdateComponents,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { type IncidentView, loadPage, type PageData } from "./load-page.ts";
import { computeUptime, type IncidentSpan, type StatusChange, type Uptime } from "./uptime.ts";

export interface SiteData extends PageData {
  /** Every published incident and maintenance, newest first, with all their updates. */
  incidents: IncidentView[];
  maintenances: IncidentView[];
  uptime: Map<string, Uptime>;
  /** The dependencies the owner shows on the page, by name; no other dependency is read. */
  thirdParty: ShownDependency[];
  /** The shown provider whose outage opened an incident, by incident id. */
  providers: Map<string, string>;
}

export interface ShownDependency {
  id: string;
  name: string;
  description: string | null;
  state: DependencyState;
}

export const uptimeDays = 90;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Everything the static status page is built from, in a fixed number of queries whatever the size
 * of the history (no IN lists, so 5,000 incidents cost the same queries as 5).
 */
export async function loadSiteData(deps: Deps): Promise<SiteData> {
  const page = await loadPage(deps);
  const rows = await deps.read(async (db) => {
    const published = eq(incidents.published, true);
    return Promise.all([
      db.select().from(incidents).where(published),
      db
        .select({ update: incidentUpdates })
        .from(incidentUpdates)
        .innerJoin(incidents, eq(incidents.id, incidentUpdates.incidentId))
        .where(published),
      db.select().from(incidentUpdateComponents),
      db.select().from(incidentUpdateTranslations),
      db.select().from(incidentComponents),
      db.select().from(incidentTranslations),
      db
        .select()
        .from(componentStatusHistory)
        .orderBy(asc(componentStatusHistory.startedAt), asc(componentStatusHistory.id)),
      db
        .select({
          id: dependencies.id,
          name: dependencies.name,
          description: dependencies.description,
          state: dependencies.state,
        })
        .from(dependencies)
        .where(eq(dependencies.shownOnPage, true))
        .orderBy(asc(dependencies.name), asc(dependencies.id)),
      db
        .select({ incidentId: dependencyIncidents.incidentId, name: dependencies.name })
        .from(dependencyIncidents)
        .innerJoin(dependencies, eq(dependencies.id, dependencyIncidents.dependencyId))
        .where(eq(dependencies.shownOnPage, true)),
    ]);
  });
  const [
    incidentRows,
    updateRows,
    affectedRows,
    updateTranslationRows,
    linkRows,
    nameRows,
    historyRows,
    thirdParty,
    providerRows,
  ] = rows;
  const affected = new Map<string, IncidentView["updates"][number]["affected"]>();
  for (const a of affectedRows)
    push(affected, a.updateId, {
      componentId: a.componentId,
      oldStatus: a.oldStatus,
      newStatus: a.newStatus,
    });
  const translations = new Map<string, (typeof updateTranslationRows)[number][]>();
  for (const t of updateTranslationRows) push(translations, t.updateId, t);
  const updates = new Map<string, IncidentView["updates"]>();
  for (const { update } of updateRows) {
    push(updates, update.incidentId, {
      ...update,
      affected: affected.get(update.id) ?? [],
      translations: Object.fromEntries((translations.get(update.id) ?? []).map((t) => [t.locale, t.body])),
    });
  }
  const links = new Map<string, string[]>();
  for (const l of linkRows) push(links, l.incidentId, l.componentId);
  const names = new Map<string, (typeof nameRows)[number][]>();
  for (const n of nameRows) push(names, n.incidentId, n);

  const byDisplay = (a: { displayAt: Date; createdAt: Date }, b: { displayAt: Date; createdAt: Date }) =>
    b.displayAt.getTime() - a.displayAt.getTime() || b.createdAt.getTime() - a.createdAt.getTime();
  const views: IncidentView[] = incidentRows.map((incident) => ({
    incident,
    updates: (updates.get(incident.id) ?? []).sort(byDisplay),
    componentIds: links.get(incident.id) ?? [],
    nameTranslations: Object.fromEntries((names.get(incident.id) ?? []).map((n) => [n.locale, n.name])),
  }));
  const newest = (a: IncidentView, b: IncidentView) =>
    (b.incident.scheduledFor ?? b.incident.startedAt).getTime() -
    (a.incident.scheduledFor ?? a.incident.startedAt).getTime();

  const now = deps.clock.now();
  const changes = new Map<string, StatusChange[]>();
  for (const h of historyRows) push(changes, h.componentId, { status: h.status, at: h.startedAt });
  const spans = new Map<string, IncidentSpan[]>();
  for (const v of views) {
    if (v.incident.kind !== "incident") continue;
    for (const componentId of v.componentIds) {
      push(spans, componentId, {
        id: v.incident.id,
        name: v.incident.name,
        start: v.incident.startedAt,
        end: v.incident.resolvedAt,
      });
    }
  }
  const uptime = new Map<string, Uptime>();
  for (const c of page.components) {
    if (c.isGroup) continue;
    // Before its first recorded status a component has no uptime, so an earlier start_date has no effect.
    const since = c.startDate ? new Date(`${c.startDate}T00:00:00Z`) : c.createdAt;
    uptime.set(
      c.id,
      computeUptime({
        changes: changes.get(c.id) ?? [],
        since,
        incidents: spans.get(c.id) ?? [],
        now,
        timeZone: page.settings.timeZone,
        days: uptimeDays,
      }),
    );
  }
  return {
    ...page,
    incidents: views.filter((v) => v.incident.kind === "incident").sort(newest),
    maintenances: views.filter((v) => v.incident.kind === "maintenance").sort(newest),
    uptime,
    thirdParty,
    providers: new Map(providerRows.map((p) => [p.incidentId, p.name])),
  };
}
