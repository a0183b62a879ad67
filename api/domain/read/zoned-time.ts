import { zoneOffsetMs } from "./zone-offsets.ts";

/** The wall-clock fields of `date` in `timeZone`, to the second. */
export function zonedParts(date: Date, timeZone: string) {
  const wall = new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Minutes to add to UTC to get the wall-clock time in `timeZone` at `date`. */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  return Math.round(zoneOffsetMs(date.getTime(), timeZone) / 60_000);
}

/** The calendar date (YYYY-MM-DD) of `date` in `timeZone`. */
export function localDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The instant of local midnight starting `day` (YYYY-MM-DD) in `timeZone`, DST included. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** `day` shifted by `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + delta)).toISOString().slice(0, 10);
}

const abbreviations = new Map<string, Intl.DateTimeFormat>();

function zoneNameIn(locale: string, date: Date, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let f = abbreviations.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
    abbreviations.set(key, f);
  }
  return f.formatToParts(date).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * The short name of `timeZone` at `date`, as people write it: "CET" or "CEST" for Paris, "EST" for
 * New York, "BST" for London in summer, "GMT+9" for Tokyo, which has no common abbreviation.
 * American English names American zones only and British English European ones, so both are asked.
 */
export function zoneAbbreviation(date: Date, timeZone: string): string {
  const us = zoneNameIn("en-US", date, timeZone);
  if (!/^GMT[+-]/.test(us)) return us;
  const gb = zoneNameIn("en-GB", date, timeZone);
  return /^GMT[+-]/.test(gb) ? us : gb;
}

/** "2026-12-07 14:05 CET": a date and time on the clocks of `timeZone`, with the zone's short name. */
export function formatZoned(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)} ${zoneAbbreviation(date, timeZone)}`;
}
