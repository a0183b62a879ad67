import type { ComponentStatus, UptimeDay } from "./site-document.ts";

/**
 * Consecutive days that read the same (same status, no incident, no minute out of operational),
 * drawn as one element with one stripe per day: the page stays small with 30 components × 90 days,
 * and every day's detail is still there.
 */
export interface UptimeSegment {
  from: string;
  to: string;
  days: number;
  /** null before the component existed. */
  status: ComponentStatus | null;
  /** Minutes in each non-operational status, those above zero. */
  minutes: [ComponentStatus, number][];
  incidents: UptimeDay["incidents"];
  /** Every day of it is among the last `recentDays`: the days a phone shows. */
  recent: boolean;
}

/** How many days a screen narrower than 600 px shows: each day stays at least 8 px wide to tap. */
export const recentDays = 30;

const quiet = (day: UptimeDay) =>
  day.incidents.length === 0 && Object.values(day.minutes).every((m) => m === 0);

/** No segment straddles the first recent day, so a phone can hide the older ones whole. */
export function uptimeSegments(days: UptimeDay[]): UptimeSegment[] {
  const out: UptimeSegment[] = [];
  const firstRecent = Math.max(days.length - recentDays, 0);
  let previous: UptimeDay | undefined;
  for (const [index, day] of days.entries()) {
    const last = out.at(-1);
    const joins = index !== firstRecent && previous && quiet(day) && quiet(previous);
    if (last && joins && previous?.status === day.status) {
      last.to = day.date;
      last.days += 1;
    } else {
      out.push({
        from: day.date,
        to: day.date,
        days: 1,
        status: day.status,
        minutes: (Object.entries(day.minutes) as [ComponentStatus, number][]).filter(([, m]) => m > 0),
        incidents: day.incidents,
        recent: index >= firstRecent,
      });
    }
    previous = day;
  }
  return out;
}
