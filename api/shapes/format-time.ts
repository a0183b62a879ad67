import { zonedParts, zoneOffsetMinutes } from "../domain/read/zoned-time.ts";

const utcZones = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"]);
const two = (n: number) => String(n).padStart(2, "0");

/**
 * ISO 8601 with milliseconds and the page's offset, as Statuspage writes it:
 * `2021-12-07T11:07:15.773-07:00`, or `…Z` on a UTC page.
 */
export function formatInZone(date: Date, timeZone: string): string {
  if (utcZones.has(timeZone)) return date.toISOString();
  const p = zonedParts(date, timeZone);
  const offsetMinutes = zoneOffsetMinutes(date, timeZone);
  const abs = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  const millis = String(date.getUTCMilliseconds()).padStart(3, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}.${millis}${offset}`;
}

export const formatOptional = (date: Date | null, timeZone: string) =>
  date ? formatInZone(date, timeZone) : null;
