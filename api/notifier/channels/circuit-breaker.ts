export type CircuitState = "closed" | "open" | "half-open";
export const circuitStates: readonly CircuitState[] = ["closed", "open", "half-open"];

/** A provider's circuit breaker as this process sees it, for metrics. */
export interface CircuitReading {
  channel: string;
  /** The primary provider the circuit guards. */
  provider: string;
  state: CircuitState;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures of the primary that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe may try the primary again. */
  openMs: number;
  /**
   * Failures count as consecutive only while each comes within this long of the previous one, so a
   * failure a day stays harmless. Defaults to `openMs`.
   */
  windowMs?: number;
  /** Milliseconds since the epoch; the notifier passes its clock so tests can move time. */
  now?: () => number;
}

export interface CircuitBreaker {
  /**
   * Whether the next message should go to the primary. Closed: always. Open: no, until `openMs`
   * has passed; then the circuit turns half-open and this says yes once, to one probe, and no to
   * everyone else until that probe is recorded (or, if its caller never records it, until another
   * `openMs` has passed, so a lost probe cannot keep the primary shut out for good).
   */
  canTryPrimary(): boolean;
  /** The primary answered (even with a refusal of that one message): it is up. */
  recordSuccess(): void;
  /** The primary is unreachable or broken (5xx, timeout, network error). */
  recordFailure(): void;
  state(): CircuitState;
}

/**
 * A circuit breaker over a primary provider with a fallback. It knows nothing about SMS or email:
 * callers decide what counts as a failure (provider trouble, not a refused recipient) and where to
 * send a message when the primary is shut out. State lives in this process only: each worker
 * learns for itself that the primary is down, which costs at most `failureThreshold` failures each.
 */
export function createCircuitBreaker({
  failureThreshold,
  openMs,
  windowMs = openMs,
  now = Date.now,
}: CircuitBreakerOptions): CircuitBreaker {
  if (!(Number.isInteger(failureThreshold) && failureThreshold >= 1)) {
    throw new Error(`Circuit breaker: failureThreshold must be a whole number ≥ 1, got ${failureThreshold}.`);
  }
  if (!(openMs > 0)) throw new Error(`Circuit breaker: openMs must be > 0, got ${openMs}.`);
  let current: CircuitState = "closed";
  let failures = 0;
  let lastFailureAt = 0;
  let openedAt = 0;
  let probeStartedAt: number | null = null;

  function open(at: number) {
    current = "open";
    openedAt = at;
    probeStartedAt = null;
  }

  return {
    canTryPrimary() {
      const at = now();
      if (current === "closed") return true;
      if (current === "open") {
        if (at - openedAt < openMs) return false;
        current = "half-open";
      }
      if (probeStartedAt !== null && at - probeStartedAt < openMs) return false;
      probeStartedAt = at;
      return true;
    },
    recordSuccess() {
      current = "closed";
      failures = 0;
      probeStartedAt = null;
    },
    recordFailure() {
      const at = now();
      if (current !== "closed") {
        // A failed probe, or a late answer to a message sent before the circuit opened.
        if (current === "half-open") open(at);
        return;
      }
      failures = failures > 0 && at - lastFailureAt <= windowMs ? failures + 1 : 1;
      lastFailureAt = at;
      if (failures >= failureThreshold) open(at);
    },
    state() {
      if (current === "open" && now() - openedAt >= openMs) return "half-open";
      return current;
    },
  };
}
