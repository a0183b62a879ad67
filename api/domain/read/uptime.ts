import type { ComponentStatus } from "../../../db/schema/enums.ts";
import { worstStatus } from "../status-rules.ts";
import { addDays, localDate, startOfLocalDay } from "./zoned-time.ts";

export interface StatusChange {
  status: ComponentStatus;
  at: Date;
}

export interface IncidentSpan {
  id: string;
  name: string;
  start: Date;
  /** null while open. */
  end: Date | null;
}

export interface UptimeDay {
  date: string;
  /** The worst status of the day; null before the component existed. */
  status: ComponentStatus | null;
  minutes: {
    major_outage: number;
    partial_outage: number;
    degraded_performance: number;
    under_maintenance: number;
  };
  incidents: { id: string; name: string }[];
}

export interface Uptime {
  /**
   * Share of the days with data that was up, in percent with two decimals, each such day counted
   * whole; null for a component younger than a day, whose few minutes would say nothing honest.
   */
  uptime_percent: number | null;
  days: UptimeDay[];
}

export interface UptimeInput {
  /** Every status change of the component, oldest first (the first one is its initial status). */
  changes: StatusChange[];
  /** Uptime counts from here: the component's start_date, else its creation. */
  since: Date;
  incidents: IncidentSpan[];
  now: Date;
  timeZone: string;
  days: number;
}

/** How much of an outage minute counts as down time (Statuspage weighs a partial outage at 30%). */
export const downtimeWeight: Partial<Record<ComponentStatus, number>> = {
  major_outage: 1,
  partial_outage: 0.3,
};

const dayMs = 24 * 3_600_000;

/**
 * Day-by-day uptime of one component over the last `days` days in the page's time zone: the worst
 * status of each day, minutes spent in each non-operational status, and the incidents of that day.
 * Days before the component existed have no data and count for nothing. The percentage weighs the
 * down minutes against whole days with data (today and the first day included, as whole days): a
 * 4-minute outage is 4 minutes of a day, not a third of a component's first 12 minutes.
 */
export function computeUptime({ changes, since, incidents, now, timeZone, days }: UptimeInput): Uptime {
  const today = localDate(now, timeZone);
  const out: UptimeDay[] = [];
  let weightedDown = 0;
  let wholeDaysMs = 0;
  let index = 0;
  let current: ComponentStatus | null = null;
  const firstDay = addDays(today, -(days - 1));
  const periodStart = startOfLocalDay(firstDay, timeZone);
  while (index < changes.length && changes[index]!.at <= periodStart) current = changes[index++]!.status;

  for (let i = 0; i < days; i++) {
    const date = addDays(firstDay, i);
    const start = startOfLocalDay(date, timeZone).getTime();
    const end = Math.min(startOfLocalDay(addDays(date, 1), timeZone).getTime(), now.getTime());
    const minutes = { major_outage: 0, partial_outage: 0, degraded_performance: 0, under_maintenance: 0 };
    const seen: ComponentStatus[] = [];
    let cursor = start;
    const spend = (status: ComponentStatus | null, until: number) => {
      const from = Math.max(cursor, since.getTime());
      if (status && until > from) {
        const mins = (until - from) / 60_000;
        seen.push(status);
        if (status !== "operational") minutes[status] += mins;
        weightedDown += mins * (downtimeWeight[status] ?? 0);
      }
      cursor = Math.max(cursor, until);
    };
    while (index < changes.length && changes[index]!.at.getTime() < end) {
      const change = changes[index++]!;
      spend(current, change.at.getTime());
      current = change.status;
    }
    spend(current, end);
    // A local day is 23 or 25 hours when the clocks change.
    if (seen.length) wholeDaysMs += startOfLocalDay(addDays(date, 1), timeZone).getTime() - start;
    for (const key of Object.keys(minutes) as (keyof typeof minutes)[])
      minutes[key] = Math.round(minutes[key]);
    const dayIncidents = incidents
      .filter((s) => s.start.getTime() < end && (s.end === null || s.end.getTime() > start))
      .map(({ id, name }) => ({ id, name }));
    out.push({ date, status: seen.length ? worstStatus(seen) : null, minutes, incidents: dayIncidents });
  }
  // It exists from its first recorded status: an earlier start_date does not make it older.
  const existsFrom = Math.max(since.getTime(), changes[0]?.at.getTime() ?? now.getTime());
  const young = now.getTime() - existsFrom < dayMs;
  const uptime =
    young || wholeDaysMs === 0
      ? null
      : Math.round((1 - weightedDown / (wholeDaysMs / 60_000)) * 10_000) / 100;
  return { uptime_percent: uptime, days: out };
}
