import { eq } from "drizzle-orm";
import { dependencies } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { byIdInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";
import { getDependencyRow } from "./dependency-store.ts";

/**
 * Stops watching a provider. Its impacts and history go with it; incidents it opened stay, as admins
 * wrote to customers through them.
 */
export async function deleteDependency(call: Call<typeof byIdInput>): Promise<void> {
  const { id } = parseInput(byIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getDependencyRow(tx, id);
    await tx.delete(dependencies).where(eq(dependencies.id, id));
    if (row.shownOnPage) await appendEvent(tx, at, "dependency.page_changed", { dependency_id: id });
    await recordAudit(tx, at, actor, {
      action: "dependency.delete",
      entityType: "dependency",
      entityId: id,
      before: row,
    });
  });
}
