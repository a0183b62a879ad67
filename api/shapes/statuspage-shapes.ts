import type { ComponentRow } from "../domain/components/component-store.ts";
import type { IncidentRow } from "../domain/incidents/incident-store.ts";
import type { IncidentView, UpdateView } from "../domain/read/load-page.ts";
import type { SettingsRow } from "../domain/settings/get-settings.ts";
import { groupStatus, pageStatus } from "../domain/status-rules.ts";
import type { Locale } from "../domain/types.ts";
import { formatInZone, formatOptional } from "./format-time.ts";

/** Turns domain rows into the exact JSON of Atlassian Statuspage's public API v2. */
export interface ShapeContext {
  settings: SettingsRow;
  components: ComponentRow[];
  pageUrl: string;
  locale: Locale | null;
}

export function pageShape(ctx: ShapeContext, updatedAt: Date) {
  return {
    id: ctx.settings.pageId,
    name: ctx.settings.name,
    url: ctx.pageUrl,
    time_zone: ctx.settings.timeZone,
    updated_at: formatInZone(updatedAt, ctx.settings.timeZone),
  };
}

/** A component's name in the reader's locale (`?locale=`), else the original. */
const nameIn = (c: ComponentRow, locale: Locale | null) => (locale && c.nameTranslations[locale]) || c.name;

/** Groups first-level order, each group followed by its children, as Statuspage lists them. */
export function componentsShape(ctx: ShapeContext) {
  const tz = ctx.settings.timeZone;
  const children = new Map<string, ComponentRow[]>();
  for (const c of ctx.components) {
    if (c.groupId) children.set(c.groupId, [...(children.get(c.groupId) ?? []), c]);
  }
  const byPosition = (a: ComponentRow, b: ComponentRow) =>
    a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime();
  const top = ctx.components.filter((c) => !c.groupId).sort(byPosition);
  const base = (c: ComponentRow) => ({
    id: c.id,
    name: nameIn(c, ctx.locale),
    status: c.status,
    created_at: formatInZone(c.createdAt, tz),
    updated_at: formatInZone(c.updatedAt, tz),
    position: c.position,
    description: (ctx.locale && c.descriptionTranslations[ctx.locale]) || c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: ctx.settings.pageId,
    group: c.isGroup,
    only_show_if_degraded: c.onlyShowIfDegraded,
  });
  const out: (ReturnType<typeof base> & { components?: string[] })[] = [];
  for (const c of top) {
    if (!c.isGroup) {
      out.push(base(c));
      continue;
    }
    const kids = (children.get(c.id) ?? []).sort(byPosition);
    const updatedAt = new Date(Math.max(c.updatedAt.getTime(), ...kids.map((k) => k.updatedAt.getTime())));
    out.push({
      ...base(c),
      status: groupStatus(kids.map((k) => k.status)),
      updated_at: formatInZone(updatedAt, tz),
      components: kids.map((k) => k.id),
    });
    for (const k of kids) out.push(base(k));
  }
  return out;
}

/** The components list with each one's names and descriptions per locale (the site and admins read them). */
export function translatedComponentsShape(ctx: ShapeContext) {
  const byId = new Map(ctx.components.map((c) => [c.id, c]));
  return componentsShape(ctx).map((c) => ({
    ...c,
    name_translations: byId.get(c.id)?.nameTranslations ?? {},
    description_translations: byId.get(c.id)?.descriptionTranslations ?? {},
  }));
}

export function statusShape(ctx: ShapeContext, unresolved: IncidentRow[], maintenanceInProgress: boolean) {
  return pageStatus({
    componentStatuses: ctx.components.filter((c) => !c.isGroup).map((c) => c.status),
    unresolvedIncidentImpacts: unresolved.map((i) => (i.impact === "maintenance" ? "none" : i.impact)),
    maintenanceInProgress,
  });
}

function displayName(component: ComponentRow, byId: Map<string, ComponentRow>, locale: Locale | null) {
  const group = component.groupId ? byId.get(component.groupId) : undefined;
  const name = nameIn(component, locale);
  return group ? `${nameIn(group, locale)} - ${name}` : name;
}

/** Component rows by id, and each one's place in the components list. */
interface ComponentIndex {
  byId: Map<string, ComponentRow>;
  order: Map<string, number>;
}

function updateShape(ctx: ShapeContext, view: UpdateView, { byId, order }: ComponentIndex) {
  const tz = ctx.settings.timeZone;
  const place = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  // In page order, as Statuspage lists them; storage order would follow the random ids.
  const affected = view.affected
    .filter((a) => byId.has(a.componentId))
    .sort((a, b) => place(a.componentId) - place(b.componentId))
    .map((a) => ({
      code: a.componentId,
      name: displayName(byId.get(a.componentId) as ComponentRow, byId, ctx.locale),
      old_status: a.oldStatus,
      new_status: a.newStatus,
    }));
  return {
    id: view.id,
    status: view.status,
    body: (ctx.locale && view.translations[ctx.locale]) || view.body,
    incident_id: view.incidentId,
    created_at: formatInZone(view.createdAt, tz),
    updated_at: formatInZone(view.updatedAt, tz),
    display_at: formatInZone(view.displayAt, tz),
    affected_components: affected.length ? affected : null,
    deliver_notifications: view.deliverNotifications,
    custom_tweet: null,
    tweet_id: null,
  };
}

export type ComponentShape = ReturnType<typeof componentsShape>[number];

/** `shaped` is `componentsShape(ctx)`, computed once per document. */
export function incidentShape(ctx: ShapeContext, view: IncidentView, shaped: ComponentShape[]) {
  const tz = ctx.settings.timeZone;
  const i = view.incident;
  const index: ComponentIndex = {
    byId: new Map(ctx.components.map((c) => [c.id, c])),
    order: new Map(shaped.map((c, n) => [c.id, n])),
  };
  const affected = new Set(view.componentIds);
  const shape = {
    id: i.id,
    name: (ctx.locale && view.nameTranslations[ctx.locale]) || i.name,
    status: i.status,
    created_at: formatInZone(i.createdAt, tz),
    updated_at: formatInZone(i.updatedAt, tz),
    monitoring_at: formatOptional(i.monitoringAt, tz),
    resolved_at: formatOptional(i.resolvedAt, tz),
    impact: i.impact,
    // The page's own address for it: maintenances have their pages under /maintenances/.
    shortlink: `${ctx.pageUrl}/${i.kind === "maintenance" ? "maintenances" : "incidents"}/${i.id}`,
    started_at: formatInZone(i.startedAt, tz),
    page_id: ctx.settings.pageId,
    incident_updates: view.updates.map((u) => updateShape(ctx, u, index)),
    components: shaped.filter((c) => affected.has(c.id)),
    reminder_intervals: null,
  };
  if (i.kind !== "maintenance") return shape;
  return {
    ...shape,
    scheduled_for: formatOptional(i.scheduledFor, tz),
    scheduled_until: formatOptional(i.scheduledUntil, tz),
    scheduled_remind_prior: i.remindPriorMinutes !== null && i.remindPriorMinutes > 0,
    scheduled_reminded_at: formatOptional(i.remindedAt, tz),
    scheduled_auto_in_progress: i.autoStart,
    scheduled_auto_completed: i.autoComplete,
  };
}
