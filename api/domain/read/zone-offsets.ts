/**
 * How far a time zone's clocks are from UTC at an instant, read from the time zone rules that V8
 * uses for local time (ICU's, the same as `Intl.DateTimeFormat`'s), without building a formatter.
 *
 * Building any `Intl.DateTimeFormat` maps some 5 MiB of ICU's locale and calendar data into the
 * process, a twentieth of an idle server's memory, for a number that the zone rules alone give
 * (0.2 MiB). So the zone is made the process's local zone (TZ, which Node applies to V8 at once)
 * for one synchronous read, then put back: no other JavaScript of this thread runs in between,
 * and other threads' isolates keep the zone they had.
 *
 * One read answers a whole UTC day (two transitions of a zone are never within a day), kept in a
 * bounded cache: the public documents ask about the same few days again and again.
 */

const dayMs = 86_400_000;
const maxDays = 4_096;

/** A UTC day of one zone: its offset before `changeAt` (an instant), and from then on. */
interface Day {
  before: number;
  changeAt: number;
  after: number;
}

const days = new Map<string, Day>();

/** Milliseconds to add to UTC to get the wall-clock time in `timeZone` at `instant` (ms). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const fixed = fixedOffsetMs(timeZone);
  if (fixed !== undefined) return fixed;
  const day = Math.floor(instant / dayMs);
  const key = `${timeZone}\n${day}`;
  let rule = days.get(key);
  if (!rule) {
    rule = asLocalZone(timeZone, () => readDay(day));
    if (days.size >= maxDays) days.delete(days.keys().next().value!);
    days.set(key, rule);
  }
  return instant < rule.changeAt ? rule.before : rule.after;
}

/** The offset of the local zone at `instant`: its wall clock read as if it were UTC, minus UTC. */
function localOffset(instant: number): number {
  const d = new Date(instant);
  const wall = new Date(0);
  wall.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate());
  wall.setUTCHours(d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return wall.getTime() - instant;
}

/** The local zone's offsets over one UTC day, the change (if any) found to the second. */
function readDay(day: number): Day {
  const start = day * dayMs;
  const before = localOffset(start);
  const after = localOffset(start + dayMs - 1);
  if (before === after) return { before, changeAt: Number.POSITIVE_INFINITY, after };
  // The first second of the day whose offset is no longer `before`.
  let lo = 0;
  let hi = dayMs / 1000 - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (localOffset(start + mid * 1000) === before) lo = mid + 1;
    else hi = mid;
  }
  return { before, changeAt: start + lo * 1000, after };
}

/**
 * ICU takes TZ as a zone name only when it has no digit (it reads "EST5EDT"-like values as POSIX
 * rules), except these four; the other names with digits are fixed offsets, answered here. A name
 * that is no zone reads as UTC, as it does for ICU; names are checked when saved (timeZoneSchema).
 */
const digitNamesIcuReads = new Set(["EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT"]);

function fixedOffsetMs(timeZone: string): number | undefined {
  if (!/\d/.test(timeZone) || digitNamesIcuReads.has(timeZone)) return undefined;
  // Etc/GMT+5 is five hours behind UTC: the POSIX sign, which IANA keeps for these names.
  const posix = /^(?:Etc\/)?GMT([+-])(\d{1,2})$/.exec(timeZone);
  if (posix) return (posix[1] === "+" ? -1 : 1) * Number(posix[2]) * 3_600_000;
  // An offset as ECMA-402 spells it: "+05:30" is five and a half hours ahead.
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(timeZone);
  if (offset)
    return (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * 60_000;
  return 0;
}

let canonicalNames: Set<string> | undefined;

/**
 * `name` as ICU spells the zone ("europe/paris" is "Europe/Paris"), or undefined when it names no
 * zone. The canonical names are checked against ICU's list; aliases ("US/Eastern"), other
 * spellings and offsets ("+01:00") only a formatter knows, at the memory cost said above.
 */
export function spellTimeZone(name: string): string | undefined {
  canonicalNames ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC", "GMT", "Etc/GMT"]);
  if (canonicalNames.has(name)) return name;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function asLocalZone<T>(timeZone: string, read: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return read();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
