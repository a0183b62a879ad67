import { describe, expect, it } from "vitest";
import { retryDelay } from "../../../../api/notifier/channels/retry-delay.ts";

const highest = () => 0.999_999;
const lowest = () => 0;

describe("retryDelay", () => {
  it("doubles its ceiling with each attempt, from the base", () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) =>
      retryDelay(attempt, null, { baseMs: 1000, random: highest }),
    );
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15_999]);
  });

  it("stops growing at the cap, however many attempts", () => {
    const options = { baseMs: 1000, capMs: 60_000, random: highest };
    expect(retryDelay(7, null, options)).toBe(59_999);
    expect(retryDelay(40, null, options)).toBe(59_999);
    expect(retryDelay(5000, null, options)).toBe(59_999);
  });

  it("spreads retries over the whole range (full jitter)", () => {
    expect(retryDelay(3, null, { baseMs: 1000, random: lowest })).toBe(0);
    expect(retryDelay(3, null, { baseMs: 1000, random: () => 0.5 })).toBe(2000);
    const seen = Array.from({ length: 200 }, () => retryDelay(4, null, { baseMs: 100 }));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThan(800);
    expect(new Set(seen).size).toBeGreaterThan(50);
  });

  it("never comes back before the provider's retry-after, even past the cap", () => {
    expect(retryDelay(1, 5000, { baseMs: 1000, random: lowest })).toBe(5000);
    expect(retryDelay(1, 90_000, { capMs: 60_000, random: highest })).toBe(90_000);
    expect(retryDelay(8, 100, { baseMs: 1000, capMs: 60_000, random: highest })).toBe(59_999);
  });
});
