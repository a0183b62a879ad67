import { componentStatusHistory, components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { newId } from "../ids.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { type ComponentRow, checkGroup, nextPosition } from "./component-store.ts";
import { createComponentInput } from "./schemas.ts";

export async function createComponent(call: Call<typeof createComponentInput>): Promise<ComponentRow> {
  const input = parseInput(createComponentInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const groupId = input.group_id ?? null;
    await checkGroup(tx, groupId);
    const row: ComponentRow = {
      id: newId("component"),
      name: input.name,
      description: input.description ?? null,
      nameTranslations: input.name_translations ?? {},
      descriptionTranslations: input.description_translations ?? {},
      status: input.status ?? "operational",
      position: input.position ?? (await nextPosition(tx, groupId)),
      showcase: input.showcase ?? true,
      onlyShowIfDegraded: input.only_show_if_degraded ?? false,
      startDate: input.start_date ?? null,
      isGroup: false,
      groupId,
      createdAt: at,
      updatedAt: at,
    };
    await tx.insert(components).values(row);
    await tx
      .insert(componentStatusHistory)
      .values({ componentId: row.id, status: row.status, startedAt: at });
    await appendEvent(tx, at, "component.created", { component_id: row.id });
    await recordAudit(tx, at, actor, {
      action: "component.create",
      entityType: "component",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}
