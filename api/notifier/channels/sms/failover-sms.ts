import { type Clock, systemClock } from "../../../domain/clock.ts";
import { type CircuitState, createCircuitBreaker } from "../circuit-breaker.ts";
import type { SmsProvider } from "./sms-provider.ts";

export interface FailoverSmsOptions {
  /** Consecutive failures of the primary (5xx, timeouts, network) that send traffic to the secondary. */
  failureThreshold: number;
  /** How long the secondary carries everything before one message probes the primary again. */
  openMs: number;
  /** Failures further apart than this do not add up; defaults to `openMs`. */
  windowMs?: number;
  clock?: Clock;
}

export interface FailoverSms extends SmsProvider {
  /** For admins and metrics: `open` means the secondary is carrying the traffic. */
  circuit(): CircuitState;
}

/**
 * Two providers behind one: the primary while it works, the secondary while a circuit breaker
 * says the primary is down. Each message is sent by one provider only, except when the primary
 * answered that it did not take it (`unavailable`: 5xx, connection refused, account trouble):
 * then the secondary gets the same message at once, as nothing went out yet. A primary that did not
 * answer at all (`unknown`: timeout, connection lost) may have sent it, and Twilio takes no
 * idempotency key, so that message comes back as a retry and goes out later, by the secondary if the
 * circuit has opened by then. A refusal of one message (bad number, opted out) and a 429 prove the
 * primary is up. Every sent result names the provider that carried it.
 */
export function createFailoverSms(
  primary: SmsProvider,
  secondary: SmsProvider,
  { failureThreshold, openMs, windowMs, clock = systemClock }: FailoverSmsOptions,
): FailoverSms {
  if (primary.name === secondary.name) {
    throw new Error(`SMS failover: primary and secondary are both ${primary.name}.`);
  }
  const breaker = createCircuitBreaker({
    failureThreshold,
    openMs,
    windowMs,
    now: () => clock.now().getTime(),
  });

  return {
    name: `${primary.name}+${secondary.name}`,
    circuit: () => breaker.state(),
    async send(message) {
      if (!breaker.canTryPrimary()) return secondary.send(message);
      const result = await primary.send(message);
      if (result.outcome !== "retry" || result.cause === "throttled") {
        breaker.recordSuccess();
        return result;
      }
      breaker.recordFailure();
      return result.cause === "unavailable" ? secondary.send(message) : result;
    },
  };
}
