import { describe, expect, it } from "vitest";
import type { Deps } from "../../../api/domain/context.ts";
import { confirmRecheckMs, nextSlot } from "../../../api/domain/dependencies/check-schedule.ts";
import { getDependency } from "../../../api/domain/dependencies/get-dependency.ts";
import type { PollResult } from "../../../api/domain/dependencies/poll-result.ts";
import type { DependencyState } from "../../../api/domain/types.ts";
import { pollerRigForEachTest, seen } from "../../helpers/poller-rig.ts";

const { t, admin, start, dependency, stateOf, tick, untilNextCheck } = pollerRigForEachTest();

describe("the monitor", () => {
  it("checks each dependency at its own slot, confirms a change with a quick re-check, then keeps its slot", async () => {
    const upstream = new Map<string, DependencyState>([["https://a.test/", "operational"]]);
    const calls: { url: string; at: number }[] = [];
    const created = t.clock.now();
    const a = await dependency("https://a.test/");
    const m = start((source, ctx) => {
      const url = (source as { url: string }).url;
      calls.push({ url, at: ctx.now.getTime() });
      return seen(upstream.get(url)!);
    });
    await m.idle();
    const slotA = nextSlot(a, 60, created, true).getTime();
    // Nothing is checked before its slot.
    expect(calls.filter((c) => c.at < slotA)).toEqual([]);

    const checksOfA = () => calls.filter((c) => c.url === "https://a.test/").map((c) => c.at);
    await untilNextCheck(m, a);
    expect(checksOfA()).toEqual([slotA]);
    expect((await stateOf(a)).state).toBe("unknown");
    // The first reading is confirmed by a re-check ten seconds later, not a whole interval later.
    await untilNextCheck(m, a);
    expect(checksOfA()).toEqual([slotA, slotA + confirmRecheckMs]);
    expect((await stateOf(a)).state).toBe("operational");
    // Then a is back on its slot: one interval after its first check.
    expect((await stateOf(a)).nextCheckAt.getTime()).toBe(slotA + 60_000);

    // An outage begins just after a's check: it is seen at a's next slot and confirmed 10 s later.
    while ((await stateOf(a)).nextCheckAt.getTime() <= t.clock.now().getTime() + 1_000)
      await untilNextCheck(m, a);
    const outageAt = t.clock.now().getTime();
    upstream.set("https://a.test/", "major_outage");
    await untilNextCheck(m, a);
    expect((await stateOf(a)).state).toBe("operational");
    await untilNextCheck(m, a);
    const down = await stateOf(a);
    expect(down.state).toBe("major_outage");
    expect(down.lastChangedAt!.getTime() - outageAt).toBeLessThanOrEqual(60_000 + confirmRecheckMs);
    const history = (
      await getDependency({ ctx: { deps: t.deps, actor: admin }, input: { id: a, historyLimit: 10 } })
    ).history;
    expect(history.map((h) => h.state)).toEqual(["major_outage", "operational"]);

    // Nothing is due: a wake does not check anything.
    const before = calls.length;
    m.wake();
    await m.idle();
    expect(calls).toHaveLength(before);
  });

  it("checks a dependency with a two-minute interval every two minutes, at its slot", async () => {
    const created = t.clock.now();
    const b = await dependency("https://b.test/", 120);
    const calls: number[] = [];
    const m = start((_source, ctx) => {
      calls.push(ctx.now.getTime());
      return seen("operational");
    });
    await m.idle();
    const slot = nextSlot(b, 120, created, true).getTime();
    for (let i = 0; i < 4; i++) await untilNextCheck(m, b);
    expect(calls).toEqual([slot, slot + confirmRecheckMs, slot + 120_000, slot + 240_000]);
    expect((await stateOf(b)).state).toBe("operational");
  });

  it("spreads the first checks of dependencies added together over their interval", async () => {
    const created = t.clock.now().getTime();
    for (let i = 0; i < 40; i++) await dependency(`https://s${i}.test/`);
    const firsts = new Map<string, number>();
    const m = start((source, ctx) => {
      const url = (source as { url: string }).url;
      if (!firsts.has(url)) firsts.set(url, ctx.now.getTime());
      return seen("operational");
    });
    // Walk through the first interval one second at a time.
    await m.idle();
    for (let second = 1; second <= 60; second++) await tick(m, 1_000);
    expect(firsts.size).toBe(40);
    const perSecond = new Map<number, number>();
    for (const at of firsts.values()) {
      expect(at - created).toBeLessThanOrEqual(60_000);
      const second = Math.floor((at - created) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Forty first checks over sixty seconds, not forty at once.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(8);
    expect(perSecond.size).toBeGreaterThanOrEqual(15);
  });

  it("checks at most `concurrency` dependencies at once, and stop() waits for those in flight", async () => {
    for (let i = 0; i < 7; i++) await dependency(`https://d${i}.test/`);
    t.clock.advance(60_000); // all due
    let running = 0;
    let peak = 0;
    let finished = 0;
    let secondRoundStarted = () => {};
    const secondRound = new Promise<void>((resolve) => {
      secondRoundStarted = resolve;
    });
    const m = start(
      async () => {
        if (finished >= 7) secondRoundStarted();
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        finished++;
        return seen("operational");
      },
      { concurrency: 3 },
    );
    await m.idle();
    expect(finished).toBe(7);
    expect(peak).toBe(3);

    t.clock.advance(60_000);
    m.wake();
    await secondRound;
    await m.stop();
    expect(running).toBe(0);
    const recorded = await Promise.all(
      (await t.deps.db.query.dependencies.findMany()).map((d) => d.lastCheckedAt?.getTime()),
    );
    // Those started before stop() were recorded; none was started after.
    expect(recorded.filter((at) => at === t.clock.now().getTime()).length).toBe(finished - 7);
    expect(finished - 7).toBeGreaterThan(0);
    expect(finished - 7).toBeLessThanOrEqual(3);
  });

  it("records an adapter that throws, or never answers, as a failure", async () => {
    const throws = await dependency("https://throws.test/");
    const hangs = await dependency("https://hangs.test/");
    t.clock.advance(60_000); // both due
    const m = start(
      (source) => {
        if ((source as { url: string }).url === "https://throws.test/") throw new Error("parser exploded");
        return new Promise<PollResult>(() => {});
      },
      { timeoutMs: 50 },
    );
    await m.idle();
    expect(await stateOf(throws)).toMatchObject({
      consecutiveFailures: 1,
      lastError: expect.stringContaining("parser exploded"),
    });
    expect(await stateOf(hangs)).toMatchObject({
      consecutiveFailures: 1,
      lastError: "no answer within 1100 ms",
    });
  });

  it("sleeps while nothing is due instead of polling the database", async () => {
    await dependency("https://a.test/");
    let reads = 0;
    const counting: Deps = {
      ...t.deps,
      read: (fn) => {
        reads++;
        return t.deps.read(fn);
      },
    };
    const m = start(() => seen("operational"), { deps: counting });
    await m.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads - after).toBe(0);
    expect(after).toBeLessThan(10);
  });
});
