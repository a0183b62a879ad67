import { describe, expect, it } from "vitest";
import { computeUptime } from "../../../api/domain/read/uptime.ts";
import { addDays, localDate, startOfLocalDay } from "../../../api/domain/read/zoned-time.ts";

const at = (iso: string) => new Date(iso);

describe("local days", () => {
  it("finds local midnight across daylight saving changes", () => {
    expect(startOfLocalDay("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfLocalDay("2026-03-30", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfLocalDay("2026-11-27", "America/Denver").toISOString()).toBe("2026-11-27T07:00:00.000Z");
    expect(localDate(at("2026-11-27T06:59:00Z"), "America/Denver")).toBe("2026-11-26");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

describe("uptime", () => {
  const base = {
    since: at("2026-11-01T00:00:00Z"),
    incidents: [],
    now: at("2026-11-03T12:00:00Z"),
    timeZone: "Etc/UTC",
    days: 3,
  };

  it("is 100% with no outage, and null before the component existed", () => {
    const up = computeUptime({
      ...base,
      since: at("2026-11-02T00:00:00Z"),
      changes: [{ status: "operational", at: at("2026-11-02T00:00:00Z") }],
    });
    expect(up.uptime_percent).toBe(100);
    expect(up.days.map((d) => [d.date, d.status])).toEqual([
      ["2026-11-01", null],
      ["2026-11-02", "operational"],
      ["2026-11-03", "operational"],
    ]);
  });

  it("counts a major outage fully and a partial outage at 30%, and keeps the worst status of each day", () => {
    const up = computeUptime({
      ...base,
      changes: [
        { status: "operational", at: at("2026-11-01T00:00:00Z") },
        { status: "major_outage", at: at("2026-11-02T10:00:00Z") },
        { status: "partial_outage", at: at("2026-11-02T11:00:00Z") },
        { status: "operational", at: at("2026-11-02T13:00:00Z") },
      ],
    });
    const day2 = up.days[1]!;
    expect(day2.status).toBe("major_outage");
    expect(day2.minutes).toEqual({
      major_outage: 60,
      partial_outage: 120,
      degraded_performance: 0,
      under_maintenance: 0,
    });
    // 60 + 0.3 × 120 = 96 minutes down out of 3 whole days with data (today counts whole).
    const observed = 3 * 24 * 60;
    expect(up.uptime_percent).toBe(Math.round((1 - 96 / observed) * 10_000) / 100);
  });

  it("shows no percentage for a component younger than a day, whatever happened to it", () => {
    const created = at("2026-11-03T11:48:00Z");
    const up = computeUptime({
      ...base,
      since: created,
      changes: [
        { status: "operational", at: created },
        { status: "major_outage", at: at("2026-11-03T11:52:00Z") },
        { status: "operational", at: at("2026-11-03T11:56:00Z") },
      ],
    });
    expect(up.uptime_percent).toBeNull();
    expect(up.days.map((d) => d.status)).toEqual([null, null, "major_outage"]);
    expect(up.days[2]!.minutes.major_outage).toBe(4);
    // A start date before its creation does not make it older.
    expect(
      computeUptime({
        ...base,
        since: at("2026-11-01T00:00:00Z"),
        changes: [{ status: "operational", at: created }],
      }).uptime_percent,
    ).toBeNull();
  });

  it("counts only days with data, each as a whole day, once the component is a day old", () => {
    const created = at("2026-11-02T11:48:00Z");
    const up = computeUptime({
      ...base,
      since: created,
      changes: [
        { status: "operational", at: created },
        { status: "major_outage", at: at("2026-11-02T11:52:00Z") },
        { status: "operational", at: at("2026-11-02T11:56:00Z") },
      ],
    });
    // 4 minutes down over two days with data (the first without data counts for nothing).
    expect(up.uptime_percent).toBe(Math.round((1 - 4 / (2 * 24 * 60)) * 10_000) / 100);
    expect(up.uptime_percent).toBe(99.86);
  });

  it("weighs a day by its real length when the clocks change", () => {
    const up = computeUptime({
      since: at("2026-03-28T00:00:00+01:00"),
      incidents: [],
      now: at("2026-03-29T23:00:00+02:00"),
      timeZone: "Europe/Paris",
      days: 2,
      changes: [
        { status: "operational", at: at("2026-03-28T00:00:00+01:00") },
        { status: "major_outage", at: at("2026-03-29T10:00:00+02:00") },
        { status: "operational", at: at("2026-03-29T11:00:00+02:00") },
      ],
    });
    // 24 h + 23 h (the night clocks go forward).
    expect(up.uptime_percent).toBe(Math.round((1 - 60 / (47 * 60)) * 10_000) / 100);
  });

  it("lists the incidents of each day, open ones until now", () => {
    const up = computeUptime({
      ...base,
      changes: [{ status: "operational", at: at("2026-11-01T00:00:00Z") }],
      incidents: [
        { id: "inc_a", name: "A", start: at("2026-11-01T23:00:00Z"), end: at("2026-11-02T01:00:00Z") },
        { id: "inc_b", name: "B", start: at("2026-11-03T08:00:00Z"), end: null },
      ],
    });
    expect(up.days.map((d) => d.incidents.map((i) => i.id))).toEqual([["inc_a"], ["inc_a"], ["inc_b"]]);
  });
});
