import type { Locale } from "../../../db/schema/enums.ts";
import type { dependencies } from "../../../db/schema/index.ts";
import { type Actor, systemActor, type Tx } from "../context.ts";
import type { SettingsRow } from "../settings/get-settings.ts";
import { worstStatus } from "../status-rules.ts";
import type { ComponentPlan } from "./component-plan.ts";
import type { DependencyChange } from "./dependency-change.ts";
import { type MonitorTemplatePart, type MonitorTexts, renderMonitorTexts } from "./incident-texts.ts";

export const monitorActor: Actor = systemActor("monitor");

export interface MonitorContext {
  tx: Tx;
  at: Date;
  dependency: typeof dependencies.$inferSelect;
  change: DependencyChange;
  settings: SettingsRow;
}

export interface LocalisedTexts {
  /** In the page's default language: the incident's own name and bodies. */
  base: MonitorTexts;
  /** In each other language of the page. */
  translations: Partial<Record<Locale, MonitorTexts>>;
}

/** Renders the monitor's texts about the components the plan names, in every language of the page. */
export async function textsFor(ctx: MonitorContext, plan: ComponentPlan): Promise<LocalisedTexts> {
  const ids = Object.keys(plan.proposal).length ? Object.keys(plan.proposal) : Object.keys(plan.statuses);
  const rendered = await renderMonitorTexts(
    {
      dependencyName: ctx.dependency.name,
      state: ctx.change.next,
      worstStatus: worstStatus(Object.values(plan.proposal)),
      componentNames: ids.map((id) => plan.names.get(id) ?? id),
      upstreamIncidents: ctx.change.upstreamIncidents,
    },
    ctx.settings.locales,
  );
  const base = rendered[ctx.settings.defaultLocale] ?? rendered.en!;
  const translations: LocalisedTexts["translations"] = {};
  for (const [locale, texts] of Object.entries(rendered) as [Locale, MonitorTexts][]) {
    if (texts !== base && ctx.settings.locales.includes(locale)) translations[locale] = texts;
  }
  return { base, translations };
}

export function translationsOf(
  texts: LocalisedTexts,
  part: MonitorTemplatePart,
): Partial<Record<Locale, string>> {
  return Object.fromEntries(Object.entries(texts.translations).map(([locale, t]) => [locale, t[part]]));
}
