import { eq } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { byIdInput } from "../schemas.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import type { DependencyWithImpacts } from "./create-dependency.ts";
import { getDependencyRow, impactsOf } from "./dependency-store.ts";

/** "Check now": makes the dependency due at once, and wakes the monitor once that is committed. */
export async function requestCheck(call: Call<typeof byIdInput>): Promise<DependencyWithImpacts> {
  const { id } = parseInput(byIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getDependencyRow(tx, id);
    if (!row.enabled)
      throw new DomainError(
        "conflict",
        `Dependency ${JSON.stringify(id)} is disabled; enable it (PATCH {"enabled": true}) to check it.`,
      );
    await tx.update(dependencies).set({ nextCheckAt: at }).where(eq(dependencies.id, id));
    fireAfterCommit(tx, "dependencies-due");
    await recordAudit(tx, at, actor, { action: "dependency.check", entityType: "dependency", entityId: id });
    return { dependency: { ...row, nextCheckAt: at }, impacts: (await impactsOf(tx, [id])).get(id) ?? [] };
  });
}
