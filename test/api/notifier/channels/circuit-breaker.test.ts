import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../../../../api/notifier/channels/circuit-breaker.ts";

function setup(windowMs?: number) {
  let now = 1_000_000;
  const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 30_000, windowMs, now: () => now });
  return { breaker, advance: (ms: number) => (now += ms) };
}

describe("circuit breaker", () => {
  it("opens after the threshold of consecutive failures, not before", () => {
    const { breaker } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe("closed");
    expect(breaker.canTryPrimary()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    expect(breaker.canTryPrimary()).toBe(false);
  });

  it("starts counting again after a success, or when failures are further apart than the window", () => {
    const { breaker, advance } = setup(10_000);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe("closed");
    advance(10_001);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe("closed");
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
  });

  it("lets one probe through after openMs, and closes when it succeeds", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(29_999);
    expect(breaker.canTryPrimary()).toBe(false);
    advance(1);
    expect(breaker.state()).toBe("half-open");
    expect(breaker.canTryPrimary()).toBe(true);
    expect(breaker.canTryPrimary()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe("closed");
    expect(breaker.canTryPrimary()).toBe(true);
  });

  it("opens again for another openMs when the probe fails", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(30_000);
    expect(breaker.canTryPrimary()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    advance(29_999);
    expect(breaker.canTryPrimary()).toBe(false);
    advance(1);
    expect(breaker.canTryPrimary()).toBe(true);
  });

  it("allows a new probe when the previous one was never recorded", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(30_000);
    expect(breaker.canTryPrimary()).toBe(true);
    advance(29_999);
    expect(breaker.canTryPrimary()).toBe(false);
    advance(1);
    expect(breaker.canTryPrimary()).toBe(true);
  });

  it("refuses settings that would never open or never close", () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0, openMs: 1 })).toThrow(/failureThreshold/);
    expect(() => createCircuitBreaker({ failureThreshold: 1, openMs: 0 })).toThrow(/openMs/);
  });
});
