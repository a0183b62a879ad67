import type { IncidentView } from "../domain/read/load-page.ts";
import type { SiteData } from "../domain/read/site-data.ts";
import { defaultPhoneCountry } from "../domain/subscribers/channel-addresses.ts";
import { formatInZone, formatOptional } from "./format-time.ts";
import { type ShapeContext, statusShape, translatedComponentsShape } from "./statuspage-shapes.ts";

const openStatuses = new Set(["investigating", "identified", "monitoring"]);

function incidentEntry(ctx: ShapeContext, view: IncidentView, providers: Map<string, string>) {
  const tz = ctx.settings.timeZone;
  const i = view.incident;
  const names = new Map(ctx.components.map((c) => [c.id, c]));
  return {
    id: i.id,
    kind: i.kind,
    name: i.name,
    name_translations: view.nameTranslations,
    status: i.status,
    impact: i.impact,
    created_at: formatInZone(i.createdAt, tz),
    updated_at: formatInZone(i.updatedAt, tz),
    started_at: formatInZone(i.startedAt, tz),
    monitoring_at: formatOptional(i.monitoringAt, tz),
    resolved_at: formatOptional(i.resolvedAt, tz),
    scheduled_for: formatOptional(i.scheduledFor, tz),
    scheduled_until: formatOptional(i.scheduledUntil, tz),
    /** Grows each time the window moves (the calendar's SEQUENCE). */
    schedule_revision: i.scheduleRevision,
    backfilled: i.backfilled,
    postmortem_body: i.postmortemPublishedAt ? i.postmortemBody : null,
    postmortem_published_at: formatOptional(i.postmortemPublishedAt, tz),
    component_ids: view.componentIds.filter((id) => names.has(id)),
    /** The provider whose outage opened it, when the owner shows that provider on the page. */
    provider: providers.get(i.id) ?? null,
    incident_updates: view.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      translations: u.translations,
      display_at: formatInZone(u.displayAt, tz),
      created_at: formatInZone(u.createdAt, tz),
      affected_components: u.affected
        .filter((a) => names.has(a.componentId))
        .map((a) => ({
          code: a.componentId,
          name: names.get(a.componentId)!.name,
          old_status: a.oldStatus,
          new_status: a.newStatus,
        })),
    })),
  };
}

export type SiteIncident = ReturnType<typeof incidentEntry>;

/**
 * The one document the static page is built from (`GET /api/site.json`): the page settings, every
 * component with 90 days of uptime, and the whole published history. Any host can fetch it.
 */
export function siteDocument(data: SiteData, publicUrl: string, generatedAt: Date) {
  const ctx: ShapeContext = {
    settings: data.settings,
    components: data.components,
    pageUrl: (data.settings.url ?? publicUrl).replace(/\/+$/, ""),
    locale: null,
  };
  const s = data.settings;
  return {
    generated_at: formatInZone(generatedAt, s.timeZone),
    page: {
      id: s.pageId,
      name: s.name,
      url: ctx.pageUrl,
      time_zone: s.timeZone,
      default_locale: s.defaultLocale,
      locales: s.locales,
      logo_url: s.logoUrl,
      /** The header's optional "Website" and "Support" links (http(s) only, checked when set). */
      website_url: s.websiteUrl,
      support_url: s.supportUrl,
      accent_color: s.accentColor,
      /** The country of phone numbers typed without a country code on the subscribe form. */
      phone_country: defaultPhoneCountry(s),
    },
    status: statusShape(
      ctx,
      data.incidents.filter((v) => openStatuses.has(v.incident.status)).map((v) => v.incident),
      data.maintenances.some((v) => v.incident.status === "in_progress" || v.incident.status === "verifying"),
    ),
    components: translatedComponentsShape(ctx),
    uptime: Object.fromEntries(data.uptime),
    incidents: data.incidents.map((v) => incidentEntry(ctx, v, data.providers)),
    scheduled_maintenances: data.maintenances.map((v) => incidentEntry(ctx, v, data.providers)),
    /** Only the dependencies the owner shows on the page ("Third-party services"). */
    third_party: data.thirdParty.map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      state: d.state,
    })),
  };
}

export type SiteDocument = ReturnType<typeof siteDocument>;
