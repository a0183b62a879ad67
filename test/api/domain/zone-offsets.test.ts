import { afterEach, describe, expect, it } from "vitest";
import { spellTimeZone, zoneOffsetMs } from "../../../api/domain/read/zone-offsets.ts";
import { zonedParts, zoneOffsetMinutes } from "../../../api/domain/read/zoned-time.ts";
import { timeZoneSchema } from "../../../api/domain/settings/schemas.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** What ICU's formatter says of `date` in `timeZone`: the reference the offsets must agree with. */
function byFormatter(date: Date, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(date);
  const field = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
  };
}

/** Zones people type that are not canonical names, and the fixed-offset names with digits. */
const aliases = [
  "US/Eastern",
  "US/Pacific",
  "Asia/Calcutta",
  "Europe/Kiev",
  "UTC",
  "Etc/UTC",
  "GMT",
  "Etc/GMT+5",
  "Etc/GMT-14",
  "Etc/GMT+12",
  "Etc/GMT0",
  "GMT0",
  "EST5EDT",
  "PST8PDT",
  "Asia/Kathmandu",
];

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("offsets of time zones without a formatter", () => {
  it("agree with ICU's formatter for every zone it knows, in every season from 2000 to 2035", () => {
    const zones = [...Intl.supportedValuesOf("timeZone"), ...aliases];
    expect(zones.length).toBeGreaterThan(400);
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let year = 2000; year <= 2035; year++) {
        for (const month of [0, 3, 6, 9]) {
          const date = new Date(Date.UTC(year, month, 15, 11, 7, 15, 773));
          const ours = zonedParts(date, zone);
          const theirs = byFormatter(date, zone);
          if (JSON.stringify(ours) !== JSON.stringify(theirs))
            mismatches.push(
              `${zone} ${date.toISOString()}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(theirs)}`,
            );
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("finds a change of offset to the second, half-hour and 45-minute zones included", () => {
    // Paris springs forward at 01:00 UTC; St John's at 05:30 UTC; Lord Howe moves by 30 minutes.
    const cases: [string, string][] = [
      ["Europe/Paris", "2026-03-29T01:00:00Z"],
      ["Europe/Paris", "2026-10-25T01:00:00Z"],
      ["America/St_Johns", "2026-03-08T05:30:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
      ["America/New_York", "2026-11-01T06:00:00Z"],
    ];
    for (const [zone, at] of cases) {
      const change = Date.parse(at);
      for (const instant of [change - 1_000, change - 1, change, change + 1_000]) {
        const date = new Date(instant);
        expect(zonedParts(date, zone), `${zone} at ${date.toISOString()}`).toEqual(byFormatter(date, zone));
      }
      expect(zoneOffsetMs(change - 1, zone)).not.toBe(zoneOffsetMs(change, zone));
    }
    expect(zoneOffsetMinutes(new Date("2026-07-01T00:00:00Z"), "Asia/Kathmandu")).toBe(345);
    expect(zoneOffsetMinutes(new Date("2026-07-01T00:00:00Z"), "America/St_Johns")).toBe(-150);
    expect(zoneOffsetMinutes(new Date("2026-07-01T00:00:00Z"), "Etc/GMT+5")).toBe(-300);
  });

  it("leaves the process's own zone as it was, set or not", () => {
    delete process.env.TZ;
    zoneOffsetMs(Date.parse("2031-02-03T00:00:00Z"), "Asia/Tokyo");
    expect(process.env.TZ).toBeUndefined();

    process.env.TZ = "America/Los_Angeles";
    const local = new Date("2032-07-01T12:00:00Z");
    zoneOffsetMs(Date.parse("2032-05-04T00:00:00Z"), "Asia/Tokyo");
    expect(process.env.TZ).toBe("America/Los_Angeles");
    expect(local.getTimezoneOffset()).toBe(420);
    expect(local.getHours()).toBe(5);
  });

  it("reads a name that is no zone as UTC, as ICU does", () => {
    expect(zoneOffsetMs(Date.parse("2026-07-01T00:00:00Z"), "Mars/Olympus_Mons")).toBe(0);
  });

  it("reads offsets spelled as ECMA-402 spells them", () => {
    const at = Date.parse("2026-07-01T00:00:00Z");
    expect(zoneOffsetMs(at, "+05:30")).toBe(330 * 60_000);
    expect(zoneOffsetMs(at, "-03:00")).toBe(-180 * 60_000);
    expect(zonedParts(new Date(at), "+05:30")).toEqual(byFormatter(new Date(at), "+05:30"));
  });
});

describe("time zone names people type", () => {
  it("are saved as ICU spells them, aliases and offsets included", () => {
    expect(timeZoneSchema.parse("Europe/Paris")).toBe("Europe/Paris");
    expect(timeZoneSchema.parse("europe/paris")).toBe("Europe/Paris");
    expect(timeZoneSchema.parse("UTC")).toBe("UTC");
    expect(timeZoneSchema.parse("US/Eastern")).toBe(spellTimeZone("US/Eastern"));
    expect(timeZoneSchema.parse("+0100")).toBe("+01:00");
  });

  it("refuse what is no zone, saying what is expected", () => {
    for (const bad of ["Mars/Olympus_Mons", "Europe/Paris\n", "<b>", ""]) {
      const result = timeZoneSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toContain("IANA time zone");
    }
  });
});
