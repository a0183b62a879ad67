import type { AuditRow } from "../../domain/audit/list-audit-log.ts";
import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { Deps } from "../../domain/context.ts";
import { type IncidentView, loadIncident, loadPage } from "../../domain/read/load-page.ts";
import type { SettingsRow } from "../../domain/settings/get-settings.ts";
import { smsCountriesOf } from "../../domain/subscribers/sms-countries.ts";
import type { TokenInfo } from "../../domain/tokens/tokens.ts";
import type { IncidentKind } from "../../domain/types.ts";
import { formatInZone, formatOptional } from "../../shapes/format-time.ts";
import {
  componentsShape,
  incidentShape,
  type ShapeContext,
  translatedComponentsShape,
} from "../../shapes/statuspage-shapes.ts";

/** Admin responses: the public Statuspage shapes plus the fields only admins see. */
export function adminShapes(deps: Deps, publicUrl: string) {
  const context = async (): Promise<ShapeContext> => {
    const page = await loadPage(deps);
    return { ...page, pageUrl: (page.settings.url ?? publicUrl).replace(/\/+$/, ""), locale: null };
  };

  const incidents = async (views: IncidentView[]) => {
    const ctx = await context();
    const shaped = componentsShape(ctx);
    return views.map((view) => {
      const tz = ctx.settings.timeZone;
      const base = incidentShape(ctx, view, shaped);
      return {
        ...base,
        incident_updates: base.incident_updates.map((u, i) => ({
          ...u,
          translations: view.updates[i]!.translations,
        })),
        impact_override: view.incident.impactOverride,
        published: view.incident.published,
        backfilled: view.incident.backfilled,
        postmortem_body: view.incident.postmortemBody,
        postmortem_published_at: formatOptional(view.incident.postmortemPublishedAt, tz),
        name_translations: view.nameTranslations,
      };
    });
  };

  return {
    async components() {
      return translatedComponentsShape(await context());
    },
    async component(row: ComponentRow) {
      const all = translatedComponentsShape(await context());
      return all.find((c) => c.id === row.id)!;
    },
    incidents,
    async incident(kind: IncidentKind, id: string) {
      const [shape] = await incidents([await loadIncident(deps, kind, id)]);
      return shape!;
    },
    settings(row: SettingsRow) {
      return {
        page_id: row.pageId,
        name: row.name,
        url: row.url,
        time_zone: row.timeZone,
        default_locale: row.defaultLocale,
        locales: row.locales,
        logo_url: row.logoUrl,
        website_url: row.websiteUrl,
        support_url: row.supportUrl,
        accent_color: row.accentColor,
        publish_targets: row.publishTargets,
        allow_private_targets: row.allowPrivateTargets,
        sms_kinds: row.smsKinds,
        phone_country: row.phoneCountry,
        email_from_name: row.emailFromName,
        email_from_address: row.emailFromAddress,
        email_reply_to: row.emailReplyTo,
        sms_budget_per_hour: row.smsBudgetPerHour,
        sms_budget_per_day: row.smsBudgetPerDay,
        sms_countries: row.smsCountries,
        sms_countries_in_effect: smsCountriesOf(row),
        updated_at: formatInZone(row.updatedAt, row.timeZone),
      };
    },
    token(info: TokenInfo) {
      return {
        id: info.id,
        name: info.name,
        role: info.role,
        prefix: info.prefix,
        created_at: info.createdAt.toISOString(),
        last_used_at: info.lastUsedAt?.toISOString() ?? null,
        revoked_at: info.revokedAt?.toISOString() ?? null,
      };
    },
    audit(row: AuditRow) {
      return {
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        entity_type: row.entityType,
        entity_id: row.entityId,
        before: row.before,
        after: row.after,
      };
    },
  };
}

export type AdminShapes = ReturnType<typeof adminShapes>;
