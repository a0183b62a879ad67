import { expect } from "vitest";
import type { Deps } from "../../api/domain/context.ts";
import { systemActor } from "../../api/domain/context.ts";
import { createDependency } from "../../api/domain/dependencies/create-dependency.ts";
import { getDependency } from "../../api/domain/dependencies/get-dependency.ts";
import type { PollResult } from "../../api/domain/dependencies/poll-result.ts";
import type { SourceConfig } from "../../api/domain/dependencies/source-schema.ts";
import type { DependencyState } from "../../api/domain/types.ts";
import { type Monitor, startMonitor } from "../../api/monitor/poller.ts";
import type { PollContext, SourceRegistry } from "../../api/monitor/sources/types.ts";
import { testDbForEachTest } from "./harness.ts";
import { stopAfterEach } from "./per-test.ts";
import { loopbackFetch } from "./upstream-server.ts";

export type Answer = (source: SourceConfig, ctx: PollContext) => PollResult | Promise<PollResult>;

/** A registry whose every adapter answers what the test scripts. */
function scriptedRegistry(answer: Answer): SourceRegistry {
  const adapter = { poll: async (source: SourceConfig, ctx: PollContext) => answer(source, ctx) };
  return {
    statuspage: adapter,
    aws: adapter,
    gcp: adapter,
    azure: adapter,
    slack: adapter,
    feed: adapter,
    http: adapter,
  };
}

/** What an adapter returns when it reads `state` and no incident. */
export const seen = (state: DependencyState): PollResult => ({
  kind: "observed",
  observation: { state, upstreamIncidents: [] },
  validators: {},
});

/**
 * The poller on a fresh migrated database per test, with scripted adapters and a fake clock. Call it
 * at the top of a test file: it registers the hooks that make and stop each test's database and
 * monitors.
 */
export function pollerRigForEachTest() {
  const t = testDbForEachTest();
  const stopped = stopAfterEach<Monitor>();
  const admin = systemActor("test");

  const start = (answer: Answer, options: { concurrency?: number; timeoutMs?: number; deps?: Deps } = {}) =>
    stopped(
      startMonitor({
        deps: options.deps ?? t.deps,
        registry: scriptedRegistry(answer),
        fetch: loopbackFetch,
        userAgent: "Vigie-test/1.0",
        timeoutMs: options.timeoutMs ?? 1_000,
        concurrency: options.concurrency ?? 4,
      }),
    );

  const dependency = async (url: string, poll_interval_seconds = 60) =>
    (
      await createDependency({
        ctx: { deps: t.deps, actor: admin },
        input: { name: url, source: { kind: "http", url }, poll_interval_seconds },
      })
    ).dependency.id;

  const stateOf = async (id: string) =>
    (await getDependency({ ctx: { deps: t.deps, actor: admin }, input: { id, historyLimit: 10 } }))
      .dependency;

  /** Moves the fake clock on, wakes the monitor and waits until the due checks are recorded. */
  const tick = async (m: Monitor, ms: number) => {
    t.clock.advance(ms);
    m.wake();
    await m.idle();
  };

  /** Moves the clock to this dependency's own next check (its slot, a re-check or a retry) and runs it. */
  const untilNextCheck = async (m: Monitor, id: string) => {
    const due = (await stateOf(id)).nextCheckAt.getTime() - t.clock.now().getTime();
    expect(due).toBeGreaterThanOrEqual(0);
    await tick(m, due);
  };

  return { t, admin, start, dependency, stateOf, tick, untilNextCheck };
}
