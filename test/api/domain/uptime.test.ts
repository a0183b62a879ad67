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
    // 60 + 0.3 × 120 = 96 minutes down out of 2.5 days observed.
    const observed = 2.5 * 24 * 60;
    expect(up.uptime_percent).toBe(Math.round((1 - 96 / observed) * 10_000) / 100);
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
