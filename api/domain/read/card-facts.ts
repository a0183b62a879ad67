import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { AnyIncidentStatus, Locale } from "../../../db/schema/enums.ts";
import {
  dependencies,
  dependencyIncidents,
  incidents,
  incidentTranslations,
  incidentUpdates,
  incidentUpdateTranslations,
} from "../../../db/schema/index.ts";
import type { Deps } from "../context.ts";
import { getSettings } from "../settings/get-settings.ts";

/** What an incident card says that the Statuspage summary does not. */
export interface CardFacts {
  /** The provider whose outage opened it, when the owner shows that provider on the page. */
  provider: string | null;
  /** The languages it has some text in besides its own (a translated name or update). */
  translated: Locale[];
  /** The update its card shows (the newest, in the summary's order), with its text per language. */
  latest: { id: string; body: string; translations: Partial<Record<Locale, string>> } | null;
}

export interface OpenIncidentFacts {
  defaultLocale: Locale;
  /** By incident id, for the same open incidents as the summary lists. */
  incidents: Map<string, CardFacts>;
}

const unresolved: AnyIncidentStatus[] = ["investigating", "identified", "monitoring"];
/** The summary's own limit (public-documents.ts): the facts cover every incident it can list. */
const limit = 50;

/**
 * The open incidents' card facts (an empty translation counts as none, as on the page), in five queries
 * whatever their number. Only dependencies shown on the page are read: no other provider's name can reach a public document from here.
 */
export async function loadCardFacts(deps: Deps): Promise<OpenIncidentFacts> {
  const settings = await getSettings(deps);
  return deps.read(async (db) => {
    const open = await db
      .select({ id: incidents.id })
      .from(incidents)
      .where(
        and(
          eq(incidents.kind, "incident"),
          eq(incidents.published, true),
          inArray(incidents.status, unresolved),
        ),
      )
      .orderBy(desc(incidents.createdAt), desc(incidents.id))
      .limit(limit);
    const facts = new Map<string, CardFacts>(
      open.map((i) => [i.id, { provider: null, translated: [], latest: null }]),
    );
    if (facts.size === 0) return { defaultLocale: settings.defaultLocale, incidents: facts };
    const ids = [...facts.keys()];
    const [names, latest, updates, providers] = await Promise.all([
      db
        .select({ incidentId: incidentTranslations.incidentId, locale: incidentTranslations.locale })
        .from(incidentTranslations)
        .where(and(inArray(incidentTranslations.incidentId, ids), ne(incidentTranslations.name, ""))),
      // The order of the summary's updates (listIncidents): its first of each incident is the one shown.
      db
        .select({
          id: incidentUpdates.id,
          incidentId: incidentUpdates.incidentId,
          body: incidentUpdates.body,
        })
        .from(incidentUpdates)
        .where(inArray(incidentUpdates.incidentId, ids))
        .orderBy(desc(incidentUpdates.displayAt), desc(incidentUpdates.createdAt)),
      db
        .select({
          incidentId: incidentUpdates.incidentId,
          updateId: incidentUpdateTranslations.updateId,
          locale: incidentUpdateTranslations.locale,
          body: incidentUpdateTranslations.body,
        })
        .from(incidentUpdateTranslations)
        .innerJoin(incidentUpdates, eq(incidentUpdates.id, incidentUpdateTranslations.updateId))
        .where(and(inArray(incidentUpdates.incidentId, ids), ne(incidentUpdateTranslations.body, ""))),
      db
        .select({ incidentId: dependencyIncidents.incidentId, name: dependencies.name })
        .from(dependencyIncidents)
        .innerJoin(dependencies, eq(dependencies.id, dependencyIncidents.dependencyId))
        .where(and(eq(dependencies.shownOnPage, true), inArray(dependencyIncidents.incidentId, ids))),
    ]);
    for (const update of latest) {
      const entry = facts.get(update.incidentId);
      if (entry && !entry.latest) entry.latest = { id: update.id, body: update.body, translations: {} };
    }
    for (const { incidentId, updateId, locale, body } of updates) {
      const shown = facts.get(incidentId)?.latest;
      if (shown?.id === updateId) shown.translations[locale] = body;
    }
    for (const { incidentId, locale } of [...names, ...updates]) {
      const translated = facts.get(incidentId)?.translated;
      if (translated && !translated.includes(locale)) translated.push(locale);
    }
    for (const { incidentId, name } of providers) {
      const entry = facts.get(incidentId);
      if (entry) entry.provider = name;
    }
    return { defaultLocale: settings.defaultLocale, incidents: facts };
  });
}
