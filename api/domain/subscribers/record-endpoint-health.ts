import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { deliveries, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Deps, systemActor } from "../context.ts";

/** One attempt to reach a subscriber's endpoint (webhook or chat URL): it answered 2xx, or why not. */
export type EndpointAttempt =
  | { subscriberId: string; ok: true }
  | { subscriberId: string; ok: false; error: string };

export interface RecordEndpointHealthInput {
  attempts: EndpointAttempt[];
  /** Whether an endpoint failing without a success since `failingSince` has failed for too long. */
  shouldDisable(failingSince: Date, now: Date): boolean;
}

const notifierActor = systemActor("notifier");

/** What the deliveries still waiting for a disabled endpoint say. */
export const endpointDisabledError = "endpoint disabled";

/**
 * Tracks whether each endpoint works: a success clears `failingSince`, a failure starts it (once).
 * An endpoint that has failed for too long is disabled: it gets nothing more until its owner
 * subscribes it again, admins see it with its last error, and what was waiting for it is failed.
 * Returns the ids of the subscribers disabled by this call.
 */
export async function recordEndpointHealth(deps: Deps, input: RecordEndpointHealthInput): Promise<string[]> {
  // The last attempt of a batch says how the endpoint stands now.
  const latest = new Map(input.attempts.map((a) => [a.subscriberId, a]));
  if (latest.size === 0) return [];
  const ok = [...latest.values()].filter((a) => a.ok).map((a) => a.subscriberId);
  const failing = [...latest.values()].filter((a) => !a.ok);
  return deps.write(async (tx) => {
    const now = deps.clock.now();
    if (ok.length)
      await tx
        .update(subscribers)
        .set({ failingSince: null })
        .where(and(inArray(subscribers.id, ok), isNotNull(subscribers.failingSince)));
    if (failing.length === 0) return [];
    const rows = await tx
      .update(subscribers)
      .set({ failingSince: sql`coalesce(${subscribers.failingSince}, ${now.getTime()})` })
      .where(
        and(
          inArray(
            subscribers.id,
            failing.map((a) => a.subscriberId),
          ),
          eq(subscribers.state, "active"),
        ),
      )
      .returning({ id: subscribers.id, failingSince: subscribers.failingSince });
    const disabled: string[] = [];
    for (const row of rows) {
      if (!row.failingSince || !input.shouldDisable(row.failingSince, now)) continue;
      const attempt = latest.get(row.id);
      const reason = attempt && !attempt.ok ? attempt.error : "failing";
      await tx
        .update(subscribers)
        .set({ state: "disabled", disabledAt: now, disabledReason: reason, updatedAt: now })
        .where(eq(subscribers.id, row.id));
      await tx
        .update(deliveries)
        .set({
          state: "failed",
          lastError: endpointDisabledError,
          leaseUntil: null,
          leaseOwner: null,
          updatedAt: now,
        })
        .where(and(eq(deliveries.subscriberId, row.id), eq(deliveries.state, "pending")));
      await recordAudit(tx, now, notifierActor, {
        action: "subscriber.disable",
        entityType: "subscriber",
        entityId: row.id,
        before: { state: "active", failing_since: row.failingSince.toISOString() },
        after: { state: "disabled", reason },
      });
      disabled.push(row.id);
    }
    return disabled;
  });
}
