import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Loop, startLoop } from "../../../api/workers/loop.ts";

/** A pass the test finishes by hand, so that pokes and stops can land while it runs. */
function gatedPasses(next: number | undefined = 1_000) {
  const gates: PromiseWithResolvers<void>[] = [];
  let started = 0;
  let active = 0;
  let mostAtOnce = 0;
  return {
    pass: async () => {
      started++;
      active++;
      mostAtOnce = Math.max(mostAtOnce, active);
      const gate = Promise.withResolvers<void>();
      gates.push(gate);
      await gate.promise;
      active--;
      return next;
    },
    /** Lets the oldest unfinished pass end. */
    finish: async () => {
      gates.shift()?.resolve();
      await vi.advanceTimersByTimeAsync(0);
    },
    started: () => started,
    mostAtOnce: () => mostAtOnce,
    waiting: () => gates.length,
  };
}

describe("the workers' loop", () => {
  let loop: Loop | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    const stopping = loop?.stop();
    await vi.runOnlyPendingTimersAsync();
    await stopping;
    loop = undefined;
    vi.useRealTimers();
  });

  it("runs a pass at start, then after the delay the pass returned", async () => {
    let passes = 0;
    loop = startLoop({
      pass: async () => {
        passes++;
        return 300;
      },
      maxSleepMs: 10_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(299);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(passes).toBe(4);
  });

  it("never sleeps longer than the max sleep, whatever the pass asks for", async () => {
    const asked: (number | undefined)[] = [60_000, undefined, Number.NaN];
    let passes = 0;
    loop = startLoop({
      pass: async () => asked[passes++ % asked.length],
      maxSleepMs: 5_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    for (const expected of [2, 3, 4]) {
      await vi.advanceTimersByTimeAsync(4_999);
      expect(passes).toBe(expected - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(passes).toBe(expected);
    }
  });

  it("runs at once when poked while asleep, and sleeps again from there", async () => {
    let passes = 0;
    loop = startLoop({
      pass: async () => {
        passes++;
        return 1_000;
      },
      maxSleepMs: 10_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(500);
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2);
    // The sleep planned by the first pass was dropped: the next pass is 1 s after the poked one.
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(3);
  });

  it("never runs two passes at once: pokes during a pass run exactly one more right after it", async () => {
    const gated = gatedPasses();
    loop = startLoop({ pass: gated.pass, maxSleepMs: 10_000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(gated.started()).toBe(1);
    loop.poke();
    loop.poke();
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(gated.started()).toBe(1);
    await gated.finish();
    expect(gated.started()).toBe(2);
    await gated.finish();
    expect(gated.started()).toBe(2);
    expect(gated.mostAtOnce()).toBe(1);
    // Then it sleeps the delay the pass returned.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(gated.started()).toBe(3);
    await gated.finish();
  });

  it("runNow resolves only after a pass that started after the call", async () => {
    const gated = gatedPasses();
    loop = startLoop({ pass: gated.pass, maxSleepMs: 10_000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    let done = false;
    void loop.runNow().then(() => {
      done = true;
    });
    await gated.finish();
    expect(done).toBe(false);
    expect(gated.started()).toBe(2);
    await gated.finish();
    expect(done).toBe(true);
  });

  it("tells onError of a failed pass and goes on after the retry delay", async () => {
    const errors: unknown[] = [];
    let passes = 0;
    loop = startLoop({
      pass: async () => {
        passes++;
        if (passes === 1) throw new Error("database unreachable");
        return 1_000;
      },
      maxSleepMs: 10_000,
      onError: (error) => errors.push(error),
      retryMs: 200,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([new Error("database unreachable")]);
    await vi.advanceTimersByTimeAsync(200);
    expect(passes).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(passes).toBe(3);
  });

  it("goes on after the max sleep when the error handler itself throws", async () => {
    let passes = 0;
    loop = startLoop({
      pass: async () => {
        passes++;
        throw new Error("broken");
      },
      maxSleepMs: 3_000,
      onError: () => {
        throw new Error("the logger is broken too");
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(passes).toBe(2);
  });

  it("stop waits for the pass in flight, and no pass starts after it", async () => {
    const gated = gatedPasses(10);
    loop = startLoop({ pass: gated.pass, maxSleepMs: 10_000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    loop.poke();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    const runNow = loop.runNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    await gated.finish();
    await stopping;
    expect(stopped).toBe(true);
    await runNow;
    loop.poke();
    await vi.advanceTimersByTimeAsync(60_000);
    // The poke made during the pass was dropped by the stop, and so was every later one.
    expect(gated.started()).toBe(1);
    expect(gated.waiting()).toBe(0);
  });

  it("stop during a sleep cancels the next pass at once", async () => {
    let passes = 0;
    loop = startLoop({
      pass: async () => {
        passes++;
        return 1_000;
      },
      maxSleepMs: 10_000,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(passes).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
