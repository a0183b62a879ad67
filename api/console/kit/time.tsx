import { createContext, useContext } from "hono/jsx";
import {
  formatZoned,
  zoneAbbreviation,
  zonedParts,
  zoneOffsetMinutes,
} from "../../domain/read/zoned-time.ts";

const two = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm`, the value of a `datetime-local` input, for `date` on the clocks of `timeZone`. */
export function toLocalInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * The instant a `datetime-local` value names in `timeZone`, or null when it is not one. The offset is
 * looked up twice, as around a DST change the first guess lands on the other side of it.
 */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = localPattern.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59) return null;
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/**
 * The page's time zone while a console page renders: `consolePage` provides it, so every time shown
 * reads as the status page's readers see it, without each page passing the zone down.
 */
export const PageTimeZone = createContext("Etc/UTC");

/** The zone of the page being rendered, for components that show or take times. */
export const usePageTimeZone = () => useContext(PageTimeZone);

/** A date-time in the page's time zone with its abbreviation ("2026-12-07 14:05 CET"), machine-readable in `datetime`. */
export function When({
  at,
  timeZone,
  none = "never",
}: {
  at: Date | null | undefined;
  timeZone?: string | undefined;
  /** What stands for a missing date. */
  none?: string;
}) {
  const zone = timeZone ?? usePageTimeZone();
  return at ? <time datetime={at.toISOString()}>{formatZoned(at, zone)}</time> : none;
}

/**
 * What a form that takes a date and time says about them: "On the page's clocks: Europe/Paris (CET)."
 * The abbreviation is the one in force at `at` (a window's start), as it changes with DST.
 */
export function zoneNote(timeZone: string, at: Date): string {
  const short = zoneAbbreviation(at, timeZone);
  return `On the page's clocks: ${timeZone}${short === timeZone ? "" : ` (${short})`}.`;
}
