import { describe, expect, it } from "vitest";
import {
  confirmRecheckMs,
  nextSlot,
  phaseOffsetMs,
  recheckAt,
} from "../../../../api/domain/dependencies/check-schedule.ts";

const ids = Array.from({ length: 200 }, (_, i) => `dep_${i.toString(36).padStart(16, "0")}`);
const at = new Date("2026-12-07T10:00:00.000Z");

describe("the check schedule", () => {
  it("gives each dependency a stable phase within its interval", () => {
    for (const id of ids.slice(0, 20)) {
      expect(phaseOffsetMs(id, 60)).toBe(phaseOffsetMs(id, 60));
      expect(phaseOffsetMs(id, 60)).toBeGreaterThanOrEqual(0);
      expect(phaseOffsetMs(id, 60)).toBeLessThan(60_000);
    }
  });

  it("spreads 200 dependencies with the same interval over it instead of one burst", () => {
    const firsts = ids.map((id) => nextSlot(id, 60, at, true).getTime() - at.getTime());
    for (const offset of firsts) {
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(60_000);
    }
    const perFiveSeconds = new Array(12).fill(0);
    for (const offset of firsts) perFiveSeconds[Math.floor(offset / 5_000)]++;
    // About 17 per five seconds; never a burst of most of them.
    expect(Math.max(...perFiveSeconds)).toBeLessThanOrEqual(35);
    expect(Math.min(...perFiveSeconds)).toBeGreaterThanOrEqual(5);
  });

  it("comes back to the same slot every interval, whenever the last check actually ran", () => {
    const id = ids[7]!;
    const first = nextSlot(id, 60, at, true);
    expect(nextSlot(id, 60, first).getTime()).toBe(first.getTime() + 60_000);
    // A check that ran 3 s late, or a re-check 10 s after the slot, keeps the slot.
    expect(nextSlot(id, 60, new Date(first.getTime() + 3_000)).getTime()).toBe(first.getTime() + 60_000);
    expect(nextSlot(id, 60, recheckAt(60, first)).getTime()).toBe(first.getTime() + 60_000);
  });

  it("re-checks a new state ten seconds later, or after the interval when that is shorter", () => {
    expect(recheckAt(60, at).getTime() - at.getTime()).toBe(confirmRecheckMs);
    expect(confirmRecheckMs).toBe(10_000);
    expect(recheckAt(10, at).getTime() - at.getTime()).toBe(10_000);
  });
});
