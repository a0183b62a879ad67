import type { ComponentStatus } from "../../../db/schema/enums.ts";
import type { UptimeDay } from "./site-document.ts";

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
}

const quiet = (day: UptimeDay) =>
  day.incidents.length === 0 && Object.values(day.minutes).every((m) => m === 0);

export function uptimeSegments(days: UptimeDay[]): UptimeSegment[] {
  const out: UptimeSegment[] = [];
  let previous: UptimeDay | undefined;
  for (const day of days) {
    const last = out.at(-1);
    if (last && previous && quiet(day) && quiet(previous) && previous.status === day.status) {
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
      });
    }
    previous = day;
  }
  return out;
}
