import { eq } from "drizzle-orm";
import { dependencies, dependencyObservations } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Deps } from "../context.ts";
import { applyDependencyChange } from "./apply-dependency-change.ts";
import type { DependencyRow } from "./dependency-store.ts";
import { type ConfirmedChange, pollOutcome } from "./poll-outcome.ts";
import type { PollResult } from "./poll-result.ts";
import { recordAgainstClaim } from "./record-against-claim.ts";

export interface RecordedPoll {
  dependency: DependencyRow;
  /** Set when this result confirmed a new state. */
  change: ConfirmedChange | null;
}

/**
 * The monitor's verb: stores what one check saw. A confirmed change is recorded in the history and
 * turned into our side of it (components, incident, alerts) in the same transaction. Returns null when
 * the dependency was deleted while it was being checked.
 *
 * Given the row as the monitor's claim left it, a result that confirms no change (nearly all of them)
 * is one guarded UPDATE with no transaction (see record-against-claim.ts); when the row changed
 * since the claim, it is read again and the result recorded as without a claim.
 */
export async function recordPollResult(
  deps: Deps,
  actor: Actor,
  id: string,
  result: PollResult,
  claimed?: DependencyRow,
): Promise<RecordedPoll | null> {
  authorize(actor, "editor");
  if (claimed) {
    const recorded = await recordAgainstClaim(deps, claimed, result);
    if (recorded) return recorded;
  }
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const [row] = await tx.select().from(dependencies).where(eq(dependencies.id, id));
    if (!row) return null;
    const { changes, confirmed } = pollOutcome(row, result, at);
    await tx.update(dependencies).set(changes).where(eq(dependencies.id, id));
    const dependency = { ...row, ...changes };
    if (confirmed) {
      await tx.insert(dependencyObservations).values({
        dependencyId: id,
        observedAt: at,
        state: confirmed.next,
        previousState: confirmed.previous,
        upstreamIncidents: confirmed.upstreamIncidents,
        error: confirmed.error,
      });
      await recordAudit(tx, at, actor, {
        action: "dependency.state_change",
        entityType: "dependency",
        entityId: id,
        before: { state: confirmed.previous },
        after: {
          state: confirmed.next,
          upstream_incidents: confirmed.upstreamIncidents,
          error: confirmed.error,
        },
      });
      await applyDependencyChange(tx, deps, {
        dependencyId: id,
        dependencyName: row.name,
        previous: confirmed.previous,
        next: confirmed.next,
        upstreamIncidents: confirmed.upstreamIncidents,
        at,
      });
    }
    return { dependency, change: confirmed };
  });
}
