import { dependencies } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import { nextSlot } from "./check-schedule.ts";
import { chooseSource, type DependencyRow, type ImpactRow, replaceImpacts } from "./dependency-store.ts";
import { createDependencyInput } from "./schemas.ts";

export interface DependencyWithImpacts {
  dependency: DependencyRow;
  impacts: ImpactRow[];
}

/**
 * Registers a provider we depend on. It starts `unknown` and is checked at once. One shown on the
 * public page tells the publisher (an outbox event); others are admin business only.
 */
export async function createDependency(
  call: Call<typeof createDependencyInput>,
): Promise<DependencyWithImpacts> {
  const input = parseInput(createDependencyInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const chosen = chooseSource(input);
  if (!chosen)
    throw new DomainError(
      "invalid_input",
      'Give a `source` (e.g. {"kind": "statuspage", "base_url": "https://www.githubstatus.com"}) or a `catalog_id` from GET /api/admin/dependency-catalog.',
    );
  const name = input.name ?? chosen.catalogName;
  if (name === undefined)
    throw new DomainError(
      "invalid_input",
      "name: required when the source is given (it is optional with `catalog_id`).",
    );
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const id = newId("dependency");
    const interval = input.poll_interval_seconds ?? 60;
    const row: DependencyRow = {
      id,
      name,
      sourceKind: chosen.source.kind,
      source: chosen.source,
      pollIntervalSeconds: interval,
      policy: input.policy ?? "draft",
      confirmations: input.confirmations ?? 2,
      enabled: input.enabled ?? true,
      shownOnPage: input.shown_on_page ?? false,
      description: input.description ?? null,
      state: "unknown",
      upstreamIncidents: [],
      candidateState: null,
      candidateCount: 0,
      etag: null,
      lastModified: null,
      contentHash: null,
      consecutiveFailures: 0,
      lastCheckedAt: null,
      lastChangedAt: null,
      lastError: null,
      // The first check is at the dependency's own slot: many added at once do not poll in one burst.
      nextCheckAt: nextSlot(id, interval, at, true),
      createdAt: at,
      updatedAt: at,
    };
    await tx.insert(dependencies).values(row);
    // The monitor plans its next check from what it has read: it reads again once this commits.
    if (row.enabled) fireAfterCommit(tx, "dependencies-due");
    const impacts = await replaceImpacts(tx, row.id, input.impacts ?? []);
    if (row.shownOnPage) await appendEvent(tx, at, "dependency.page_changed", { dependency_id: row.id });
    await recordAudit(tx, at, actor, {
      action: "dependency.create",
      entityType: "dependency",
      entityId: row.id,
      after: { ...row, impacts },
    });
    return { dependency: row, impacts };
  });
}
