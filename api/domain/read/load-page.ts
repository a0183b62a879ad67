import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import type { AnyIncidentStatus, ComponentStatus, IncidentKind, Locale } from "../../../db/schema/enums.ts";
import {
  components,
  incidentComponents,
  incidents,
  incidentTranslations,
  incidentUpdateComponents,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import type { ComponentRow } from "../components/component-store.ts";
import type { Deps } from "../context.ts";
import { notFound } from "../errors.ts";
import type { IncidentRow } from "../incidents/incident-store.ts";
import { getSettings, type SettingsRow } from "../settings/get-settings.ts";

export type UpdateRow = typeof incidentUpdates.$inferSelect;

export interface UpdateView extends UpdateRow {
  affected: { componentId: string; oldStatus: ComponentStatus; newStatus: ComponentStatus }[];
  translations: Partial<Record<Locale, string>>;
}

export interface IncidentView {
  incident: IncidentRow;
  /** Newest first (by display time). */
  updates: UpdateView[];
  componentIds: string[];
  nameTranslations: Partial<Record<Locale, string>>;
}

export interface ListIncidentsInput {
  kind: IncidentKind;
  statuses?: AnyIncidentStatus[];
  limit: number;
  /** Skip this many first (pages of a long list). */
  offset?: number;
  /** Drafts are hidden from the public; admins see them. */
  includeDrafts?: boolean;
  /** Only published incidents (true) or only drafts (false); takes precedence over `includeDrafts`. */
  published?: boolean | undefined;
  order?: "created" | "scheduled" | "scheduled-asc";
}

export async function loadComponents(deps: Deps): Promise<ComponentRow[]> {
  return deps.read((db) =>
    db
      .select()
      .from(components)
      .orderBy(asc(components.groupId), asc(components.position), asc(components.createdAt)),
  );
}

export async function listIncidents(deps: Deps, input: ListIncidentsInput): Promise<IncidentView[]> {
  return deps.read(async (db) => {
    const filters: SQL[] = [eq(incidents.kind, input.kind)];
    if (input.statuses) filters.push(inArray(incidents.status, input.statuses));
    if (input.published !== undefined) filters.push(eq(incidents.published, input.published));
    else if (!input.includeDrafts) filters.push(eq(incidents.published, true));
    const order =
      input.order === "scheduled"
        ? [desc(incidents.scheduledFor), desc(incidents.createdAt)]
        : input.order === "scheduled-asc"
          ? [asc(incidents.scheduledFor), asc(incidents.createdAt)]
          : [desc(incidents.createdAt), desc(incidents.id)];
    const rows = await db
      .select()
      .from(incidents)
      .where(and(...filters))
      .orderBy(...order)
      .limit(input.limit)
      .offset(input.offset ?? 0);
    return attachDetails(db, rows);
  });
}

export async function loadIncident(deps: Deps, kind: IncidentKind, id: string): Promise<IncidentView> {
  return deps.read(async (db) => {
    const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
    if (!row || row.kind !== kind) throw notFound(kind === "incident" ? "Incident" : "Maintenance", id);
    const [view] = await attachDetails(db, [row]);
    return view!;
  });
}

async function attachDetails(db: Db, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [updates, affected, updateTranslations, links, nameTranslations] = await Promise.all([
    db
      .select()
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, ids))
      .orderBy(desc(incidentUpdates.displayAt), desc(incidentUpdates.createdAt)),
    db
      .select({
        updateId: incidentUpdateComponents.updateId,
        componentId: incidentUpdateComponents.componentId,
        oldStatus: incidentUpdateComponents.oldStatus,
        newStatus: incidentUpdateComponents.newStatus,
      })
      .from(incidentUpdateComponents)
      .innerJoin(incidentUpdates, eq(incidentUpdates.id, incidentUpdateComponents.updateId))
      .where(inArray(incidentUpdates.incidentId, ids)),
    db
      .select({
        updateId: incidentUpdateTranslations.updateId,
        locale: incidentUpdateTranslations.locale,
        body: incidentUpdateTranslations.body,
      })
      .from(incidentUpdateTranslations)
      .innerJoin(incidentUpdates, eq(incidentUpdates.id, incidentUpdateTranslations.updateId))
      .where(inArray(incidentUpdates.incidentId, ids)),
    db.select().from(incidentComponents).where(inArray(incidentComponents.incidentId, ids)),
    db.select().from(incidentTranslations).where(inArray(incidentTranslations.incidentId, ids)),
  ]);
  const byUpdate = groupBy(affected, (a) => a.updateId);
  const translationsByUpdate = groupBy(updateTranslations, (t) => t.updateId);
  const updatesByIncident = groupBy(updates, (u) => u.incidentId);
  const linksByIncident = groupBy(links, (l) => l.incidentId);
  const namesByIncident = groupBy(nameTranslations, (n) => n.incidentId);
  return rows.map((incident) => ({
    incident,
    updates: (updatesByIncident.get(incident.id) ?? []).map((u) => ({
      ...u,
      affected: (byUpdate.get(u.id) ?? []).map(({ componentId, oldStatus, newStatus }) => ({
        componentId,
        oldStatus,
        newStatus,
      })),
      translations: Object.fromEntries((translationsByUpdate.get(u.id) ?? []).map((t) => [t.locale, t.body])),
    })),
    componentIds: (linksByIncident.get(incident.id) ?? []).map((l) => l.componentId),
    nameTranslations: Object.fromEntries(
      (namesByIncident.get(incident.id) ?? []).map((n) => [n.locale, n.name]),
    ),
  }));
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export interface PageData {
  settings: SettingsRow;
  components: ComponentRow[];
}

export async function loadPage(deps: Deps): Promise<PageData> {
  const [settings, rows] = await Promise.all([getSettings(deps), loadComponents(deps)]);
  return { settings, components: rows };
}
