import { describe, expect, it } from "vitest";
import {
  shouldDisable,
  webhookMaxAttempts,
  webhookRetryDelay,
} from "../../../../api/notifier/channels/webhook/retry-schedule.ts";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const middle = () => 0.5;

describe("webhook retry schedule", () => {
  it("backs off from 5 s to 10 h over about 17 and a half hours, then gives up", () => {
    const delays = Array.from({ length: webhookMaxAttempts - 1 }, (_, i) =>
      webhookRetryDelay(i + 1, null, { random: middle }),
    );
    expect(delays).toEqual([5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour]);
    const total = delays.reduce((sum, d) => sum! + d!, 0)!;
    expect(total).toBeGreaterThan(17 * hour);
    expect(total).toBeLessThan(18 * hour);
    expect(webhookRetryDelay(webhookMaxAttempts, null, { random: middle })).toBeNull();
    expect(webhookRetryDelay(100)).toBeNull();
  });

  it("spreads each wait by at most 10% either way", () => {
    expect(webhookRetryDelay(4, null, { random: () => 0 })).toBe(2 * hour * 0.9);
    expect(webhookRetryDelay(4, null, { random: () => 0.999999 })).toBeCloseTo(2 * hour * 1.1, -2);
    for (let i = 0; i < 200; i++) {
      const delay = webhookRetryDelay(2)!;
      expect(delay).toBeGreaterThanOrEqual(4.5 * minute);
      expect(delay).toBeLessThanOrEqual(5.5 * minute);
    }
  });

  it("never comes back sooner than the endpoint's Retry-After", () => {
    expect(webhookRetryDelay(1, 90 * second, { random: middle })).toBe(90 * second);
    expect(webhookRetryDelay(3, 90 * second, { random: middle })).toBe(30 * minute);
  });
});

describe("disabling a failing endpoint", () => {
  const since = new Date("2026-11-27T12:00:00Z");
  const later = (ms: number) => new Date(since.getTime() + ms);

  it("disables after 24 hours of failures without a success, not before", () => {
    expect(shouldDisable(since, later(23 * hour + 59 * minute))).toBe(false);
    expect(shouldDisable(since, later(24 * hour))).toBe(true);
    expect(shouldDisable(since, later(72 * hour))).toBe(true);
  });

  it("never disables an endpoint whose last attempt succeeded", () => {
    expect(shouldDisable(null, later(1000 * hour))).toBe(false);
  });
});
