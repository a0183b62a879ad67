import { eq, isNull } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { checkGroup } from "./component-store.ts";
import { reorderComponentsInput } from "./schemas.ts";

/** Sets the order of one level (a group's components, or the top level) from a complete list of its ids. */
export async function reorderComponents(call: Call<typeof reorderComponentsInput>) {
  const input = parseInput(reorderComponentsInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    await checkGroup(tx, input.group_id);
    const level = await tx
      .select({ id: components.id, position: components.position })
      .from(components)
      .where(input.group_id === null ? isNull(components.groupId) : eq(components.groupId, input.group_id));
    const expected = new Set(level.map((r) => r.id));
    const given = new Set(input.order);
    const missing = [...expected].filter((id) => !given.has(id));
    const unknown = [...given].filter((id) => !expected.has(id));
    if (given.size !== input.order.length)
      throw new DomainError("invalid_input", "order: each id must appear once.");
    if (missing.length || unknown.length)
      throw new DomainError(
        "invalid_input",
        `order must list exactly the ids of that level${missing.length ? `; missing: ${missing.join(", ")}` : ""}${
          unknown.length ? `; not in that level: ${unknown.join(", ")}` : ""
        }.`,
      );
    for (const [position, id] of input.order.entries()) {
      await tx.update(components).set({ position, updatedAt: at }).where(eq(components.id, id));
    }
    await appendEvent(tx, at, "components.reordered", { group_id: input.group_id });
    await recordAudit(tx, at, actor, {
      action: "components.reorder",
      entityType: input.group_id ? "group" : "page",
      entityId: input.group_id,
      before: [...level].sort((a, b) => a.position - b.position).map((r) => r.id),
      after: input.order,
    });
  });
}
