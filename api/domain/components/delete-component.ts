import { eq } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { getComponent } from "./component-store.ts";
import { deleteComponentInput } from "./schemas.ts";

/**
 * Deletes a component, or a group (its components move to the top level, after the existing ones).
 * Incident history keeps its text; the deleted component simply no longer appears in it.
 */
export async function deleteComponent(call: Call<typeof deleteComponentInput>) {
  const { id, kind } = parseInput(deleteComponentInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getComponent(tx, id, kind);
    if (kind === "group") {
      await tx.update(components).set({ groupId: null, updatedAt: at }).where(eq(components.groupId, id));
    }
    await tx.delete(components).where(eq(components.id, id));
    await appendEvent(tx, at, "component.deleted", { component_id: id, group: kind === "group" });
    await recordAudit(tx, at, actor, {
      action: `${kind}.delete`,
      entityType: kind,
      entityId: id,
      before: row,
    });
  });
}
