import { formatZoned, zonedParts, zoneOffsetMinutes } from "../../domain/read/zoned-time.ts";

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

/** A date-time as the page's readers see it, in its time zone; machine-readable in `datetime`. */
export const ZonedTime = ({ at, timeZone }: { at: Date | null | undefined; timeZone: string }) =>
  at ? <time datetime={at.toISOString()}>{formatZoned(at, timeZone)}</time> : <>not set</>;
