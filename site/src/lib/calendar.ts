import ical, { ICalEventStatus } from "ical-generator";
import { strings } from "./i18n.ts";
import { incidentName, itemPath, localePrefix, type Site, updateBody } from "./site.ts";
import type { Locale } from "./site-document.ts";

/** Maintenances that ended longer ago than this are left out of the calendar. */
const recentMs = 90 * 24 * 3_600_000;

/**
 * Every upcoming and recent maintenance as iCalendar events. The UID is the maintenance id at the
 * page's host and DTSTAMP its last change, so a rebuild without change gives the same calendar.
 */
export function maintenanceCalendar(site: Site, locale: Locale): string {
  const host = new URL(site.page.url).hostname;
  const since = Date.parse(site.doc.generated_at) - recentMs;
  const calendar = ical({
    name: strings[locale].calendarName(site.page.name),
    prodId: { company: "Vigie", product: "Status page", language: locale.toUpperCase() },
    url: `${site.page.url}${localePrefix(site, locale)}/maintenances.ics`,
  });
  for (const m of site.doc.scheduled_maintenances) {
    if (!m.scheduled_for) continue;
    const start = new Date(m.scheduled_for);
    const end = m.scheduled_until ? new Date(m.scheduled_until) : new Date(start.getTime() + 3_600_000);
    if (end.getTime() < since) continue;
    const latest = m.incident_updates[0];
    const url = `${site.page.url}${itemPath(site, locale, m)}`;
    calendar.createEvent({
      id: `${m.id}@${host}`,
      start,
      end,
      stamp: new Date(m.updated_at),
      // RFC 5545 §3.8.7.4: a calendar replaces its copy of the event only when SEQUENCE grows.
      sequence: m.schedule_revision,
      summary: incidentName(m, locale),
      description: latest ? `${updateBody(latest, locale)}\n\n${url}` : url,
      url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
