import { eq } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { type ComponentRow, getComponent } from "./component-store.ts";
import { moveIntoGroup } from "./create-group.ts";
import { updateGroupByIdInput } from "./schemas.ts";

/** Renames or re-describes a group; `components`, when given, is the group's complete new membership. */
export async function updateGroup(call: Call<typeof updateGroupByIdInput>): Promise<ComponentRow> {
  const { id, ...input } = parseInput(updateGroupByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getComponent(tx, id, "group");
    const before = { ...row };
    const changes: Partial<ComponentRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.description !== undefined) changes.description = input.description;
    if (input.name_translations !== undefined) changes.nameTranslations = input.name_translations;
    if (input.description_translations !== undefined)
      changes.descriptionTranslations = input.description_translations;
    if (input.position !== undefined) changes.position = input.position;
    await tx.update(components).set(changes).where(eq(components.id, id));
    if (input.components !== undefined) {
      const keep = new Set(input.components);
      const current = await tx.select().from(components).where(eq(components.groupId, id));
      for (const child of current) {
        if (!keep.has(child.id))
          await tx
            .update(components)
            .set({ groupId: null, updatedAt: at })
            .where(eq(components.id, child.id));
      }
      await moveIntoGroup(tx, at, id, input.components);
      let position = 0;
      for (const childId of input.components) {
        await tx.update(components).set({ position: position++ }).where(eq(components.id, childId));
      }
    }
    const after = { ...row, ...changes };
    await appendEvent(tx, at, "component.updated", { component_id: id, group: true });
    await recordAudit(tx, at, actor, {
      action: "group.update",
      entityType: "group",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
