import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter } from "../../../../api/notifier/channels/rate-limiter.ts";

// The limiter reads the time from its clock and waits with setTimeout. Here the clock is moved by
// hand and the timers are fake, so a test can make a timer fire late, as a busy event loop does.
let now = 0;
const clock = { now: () => new Date(now) };
let granted: number[];

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
  granted = [];
});
afterEach(() => {
  vi.useRealTimers();
});

function ask(limiter: ReturnType<typeof createRateLimiter>, count = 1) {
  for (let i = 0; i < count; i++) void limiter.acquire().then(() => granted.push(now));
}

/** Moves the clock to `at`, then fires the timers that are due (late, when `at` is past their time). */
async function runAt(at: number) {
  now = at;
  vi.runOnlyPendingTimers();
  await vi.advanceTimersByTimeAsync(0);
}

describe("rate limiter", () => {
  it("spaces starts evenly at the rate", async () => {
    const limiter = createRateLimiter({ maxPerSecond: 50, clock });
    ask(limiter, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0]);
    await runAt(20);
    await runAt(40);
    expect(granted).toEqual([0, 20, 40]);
  });

  it("keeps to its schedule when a slot is let go late, so the rate is not lost", async () => {
    const limiter = createRateLimiter({ maxPerSecond: 50, clock });
    ask(limiter, 4);
    await vi.advanceTimersByTimeAsync(0);
    await runAt(27); // the slot at 20 fires 7 ms late
    await runAt(40); // the next slot is still at 40, not 47
    await runAt(60);
    expect(granted).toEqual([0, 27, 40, 60]);
  });

  it("catches up at most half an interval: two starts are never closer than that", async () => {
    const limiter = createRateLimiter({ maxPerSecond: 50, clock });
    ask(limiter, 3);
    await vi.advanceTimersByTimeAsync(0);
    await runAt(35); // 15 ms late: more than half of the 20 ms interval
    expect(granted).toEqual([0, 35]);
    await runAt(40);
    expect(granted).toEqual([0, 35]);
    await runAt(45);
    expect(granted).toEqual([0, 35, 45]);
  });

  it("after an idle spell, lets one start go at once and the next only half an interval later", async () => {
    const limiter = createRateLimiter({ maxPerSecond: 50, clock });
    ask(limiter);
    await vi.advanceTimersByTimeAsync(0);
    now = 5_000;
    ask(limiter, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 5_000]);
    await runAt(5_010);
    expect(granted).toEqual([0, 5_000, 5_010]);
  });

  it("pauses every caller for the provider's retry-after, and slows to its advertised limit", async () => {
    const limiter = createRateLimiter({ maxPerSecond: 50, clock });
    ask(limiter);
    await vi.advanceTimersByTimeAsync(0);
    limiter.observe({ "retry-after": "2", "ratelimit-limit": "10" });
    ask(limiter, 2);
    await runAt(20);
    await runAt(1_000);
    expect(granted).toEqual([0]);
    await runAt(2_000);
    await runAt(2_050); // at 10 requests/s, slots are 100 ms apart
    expect(granted).toEqual([0, 2_000]);
    await runAt(2_100);
    expect(granted).toEqual([0, 2_000, 2_100]);
  });
});
