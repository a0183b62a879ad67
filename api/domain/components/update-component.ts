import { eq } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import {
  type ComponentRow,
  checkGroup,
  getComponent,
  nextPosition,
  setComponentStatus,
} from "./component-store.ts";
import { updateComponentByIdInput } from "./schemas.ts";

export async function updateComponent(call: Call<typeof updateComponentByIdInput>): Promise<ComponentRow> {
  const { id, ...input } = parseInput(updateComponentByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row = await getComponent(tx, id, "component");
    const before = { ...row };
    if (input.status !== undefined) await setComponentStatus(tx, at, row, input.status, null);
    const changes: Partial<ComponentRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.description !== undefined) changes.description = input.description;
    if (input.name_translations !== undefined) changes.nameTranslations = input.name_translations;
    if (input.description_translations !== undefined)
      changes.descriptionTranslations = input.description_translations;
    if (input.showcase !== undefined) changes.showcase = input.showcase;
    if (input.only_show_if_degraded !== undefined) changes.onlyShowIfDegraded = input.only_show_if_degraded;
    if (input.start_date !== undefined) changes.startDate = input.start_date;
    if (input.group_id !== undefined && input.group_id !== row.groupId) {
      await checkGroup(tx, input.group_id);
      changes.groupId = input.group_id;
      changes.position = input.position ?? (await nextPosition(tx, input.group_id));
    } else if (input.position !== undefined) {
      changes.position = input.position;
    }
    await tx.update(components).set(changes).where(eq(components.id, id));
    const after = { ...row, ...changes };
    await appendEvent(tx, at, "component.updated", { component_id: id });
    await recordAudit(tx, at, actor, {
      action: "component.update",
      entityType: "component",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
