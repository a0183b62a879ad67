import { eq, inArray } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Tx } from "../context.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { type ComponentRow, findComponent, nextPosition } from "./component-store.ts";
import { createGroupInput } from "./schemas.ts";

/** Moves components into a group, keeping the order given. */
export async function moveIntoGroup(tx: Tx, at: Date, groupId: string, ids: string[]) {
  let position = await nextPosition(tx, groupId);
  for (const id of ids) {
    const row = await findComponent(tx, id);
    if (!row)
      throw new DomainError(
        "invalid_reference",
        `components: component ${JSON.stringify(id)} does not exist.`,
      );
    if (row.isGroup)
      throw new DomainError(
        "invalid_reference",
        `components: ${JSON.stringify(id)} is a group; groups do not nest.`,
      );
    if (row.groupId === groupId) continue;
    await tx
      .update(components)
      .set({ groupId, position: position++, updatedAt: at })
      .where(eq(components.id, id));
  }
}

export async function createGroup(call: Call<typeof createGroupInput>): Promise<ComponentRow> {
  const input = parseInput(createGroupInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const row: ComponentRow = {
      id: newId("component"),
      name: input.name,
      description: input.description ?? null,
      nameTranslations: input.name_translations ?? {},
      descriptionTranslations: input.description_translations ?? {},
      status: "operational",
      position: input.position ?? (await nextPosition(tx, null)),
      showcase: false,
      onlyShowIfDegraded: false,
      startDate: null,
      isGroup: true,
      groupId: null,
      createdAt: at,
      updatedAt: at,
    };
    await tx.insert(components).values(row);
    if (input.components?.length) await moveIntoGroup(tx, at, row.id, input.components);
    await appendEvent(tx, at, "component.created", { component_id: row.id, group: true });
    const members = input.components?.length
      ? await tx
          .select({ id: components.id })
          .from(components)
          .where(inArray(components.id, input.components))
      : [];
    await recordAudit(tx, at, actor, {
      action: "group.create",
      entityType: "group",
      entityId: row.id,
      after: { ...row, components: members.map((m) => m.id) },
    });
    return row;
  });
}
