import { describe, expect, it } from "vitest";
import { HashGate } from "../../../api/console/shell/hash-gate.ts";

/** A job the test finishes by hand. */
function job() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { done, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("HashGate", () => {
  it("runs at most `concurrency` jobs at once, queues `maxWaiting`, and turns the next away at once", async () => {
    const gate = new HashGate({ concurrency: 2, maxWaiting: 2 });
    let running = 0;
    let most = 0;
    const jobs = Array.from({ length: 5 }, () => job());
    const outcomes = jobs.map((j, i) =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await j.done;
        running--;
        return i;
      }),
    );
    await tick();
    expect(running).toBe(2);
    const turnedAway = await outcomes[4]!;
    expect(turnedAway).toEqual({ ran: false, retryAfter: expect.any(Number) });
    expect((turnedAway as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);

    for (const j of jobs.slice(0, 4)) {
      j.finish();
      await tick();
    }
    expect(await Promise.all(outcomes.slice(0, 4))).toEqual(
      [0, 1, 2, 3].map((value) => ({ ran: true, value })),
    );
    expect(most).toBe(2);
    // Slots are given back: the gate takes new work afterwards.
    expect(await gate.run(async () => "again")).toEqual({ ran: true, value: "again" });
  });

  it("gives the slot back when a job throws", async () => {
    const gate = new HashGate({ concurrency: 1, maxWaiting: 0 });
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => 1)).toEqual({ ran: true, value: 1 });
  });
});
