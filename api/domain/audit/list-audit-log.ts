import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditLog } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { type Call, parseInput } from "../verb.ts";
import { type ListAuditLogInput, listAuditLogInput } from "./schemas.ts";

export type AuditRow = typeof auditLog.$inferSelect;

export type { ListAuditLogInput };

/** Newest first; page with `before` = the smallest id of the previous page. */
export async function listAuditLog(call: Call<typeof listAuditLogInput>): Promise<AuditRow[]> {
  const input = parseInput(listAuditLogInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const filters: SQL[] = [];
  if (input.before !== undefined) filters.push(lt(auditLog.id, input.before));
  if (input.entity_type) filters.push(eq(auditLog.entityType, input.entity_type));
  if (input.entity_id) filters.push(eq(auditLog.entityId, input.entity_id));
  if (input.actor) filters.push(eq(auditLog.actor, input.actor));
  return deps.read((db) =>
    db
      .select()
      .from(auditLog)
      .where(and(...filters))
      .orderBy(desc(auditLog.id))
      .limit(input.limit),
  );
}
