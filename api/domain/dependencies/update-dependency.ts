import { eq } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import type { DependencyWithImpacts } from "./create-dependency.ts";
import {
  chooseSource,
  type DependencyRow,
  getDependencyRow,
  impactsOf,
  replaceImpacts,
} from "./dependency-store.ts";
import { updateDependencyByIdInput } from "./schemas.ts";

/**
 * Changes a dependency; `impacts` replaces the list. A new source is checked at once, without the old
 * source's validators; its state still changes only through the flap guard.
 */
export async function updateDependency(
  call: Call<typeof updateDependencyByIdInput>,
): Promise<DependencyWithImpacts> {
  const { id, ...input } = parseInput(updateDependencyByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getDependencyRow(tx, id);
    const chosen = chooseSource(input);
    const before = { ...row, impacts: (await impactsOf(tx, [id])).get(id) };
    const changes: Partial<DependencyRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.poll_interval_seconds !== undefined) changes.pollIntervalSeconds = input.poll_interval_seconds;
    if (input.policy !== undefined) changes.policy = input.policy;
    if (input.confirmations !== undefined) changes.confirmations = input.confirmations;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (input.shown_on_page !== undefined) changes.shownOnPage = input.shown_on_page;
    if (input.description !== undefined) changes.description = input.description;
    if (chosen && JSON.stringify(chosen.source) !== JSON.stringify(row.source)) {
      Object.assign(changes, {
        source: chosen.source,
        sourceKind: chosen.source.kind,
        etag: null,
        lastModified: null,
        contentHash: null,
        candidateState: null,
        candidateCount: 0,
        consecutiveFailures: 0,
        nextCheckAt: at,
      } satisfies Partial<DependencyRow>);
    }
    // Re-enabled: check now rather than at a time set before it was paused.
    if (input.enabled === true && !row.enabled) changes.nextCheckAt = at;
    await tx.update(dependencies).set(changes).where(eq(dependencies.id, id));
    const due = changes.nextCheckAt ?? row.nextCheckAt;
    if ((changes.enabled ?? row.enabled) && due <= at) fireAfterCommit(tx, "dependencies-due");
    const impacts =
      input.impacts !== undefined ? await replaceImpacts(tx, id, input.impacts) : (before.impacts ?? []);
    const after = { ...row, ...changes };
    if (row.shownOnPage || after.shownOnPage)
      await appendEvent(tx, at, "dependency.page_changed", { dependency_id: id });
    await recordAudit(tx, at, actor, {
      action: "dependency.update",
      entityType: "dependency",
      entityId: id,
      before,
      after: { ...after, impacts },
    });
    return { dependency: after, impacts };
  });
}
