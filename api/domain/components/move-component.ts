import { eq, isNull } from "drizzle-orm";
import { components } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { DomainError, notFound } from "../errors.ts";
import { type Call, parseInput } from "../verb.ts";
import { reorderComponents } from "./reorder-components.ts";
import { moveComponentInput } from "./schemas.ts";

export type MoveDirection = "up" | "down";

/**
 * Moves a component or a group one place up or down within its level (a group's components, or the
 * top level), for the console's buttons; the order itself is set by `reorderComponents`, audit included.
 * Returns false when it is already first (up) or last (down).
 */
export async function moveComponent(call: Call<typeof moveComponentInput>): Promise<boolean> {
  const { id, direction } = parseInput(moveComponentInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const level = await deps.read(async (db) => {
    const [row] = await db
      .select({ groupId: components.groupId })
      .from(components)
      .where(eq(components.id, id));
    if (!row) throw notFound("Component", id);
    const rows = await db
      .select({ id: components.id, position: components.position, createdAt: components.createdAt })
      .from(components)
      .where(row.groupId === null ? isNull(components.groupId) : eq(components.groupId, row.groupId));
    return { groupId: row.groupId, rows };
  });
  // The page's order: by position, then by age for equal positions (as the public page reads it).
  const order = level.rows
    .sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime())
    .map((r) => r.id);
  const from = order.indexOf(id);
  if (from < 0) throw new DomainError("conflict", "The components changed meanwhile; reload the page.");
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0 || to >= order.length) return false;
  [order[from], order[to]] = [order[to]!, order[from]!];
  await reorderComponents({ ctx: call.ctx, input: { group_id: level.groupId, order } });
  return true;
}
