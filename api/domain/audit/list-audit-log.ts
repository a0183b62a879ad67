import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditLog } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Deps } from "../context.ts";

export type AuditRow = typeof auditLog.$inferSelect;

export interface ListAuditLogInput {
  limit: number;
  before?: number | undefined;
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  /** Only what this actor did, e.g. `user:usr_…`, `token:tok_…`, `cli`. */
  actor?: string | undefined;
}

/** Newest first; page with `before` = the smallest id of the previous page. */
export async function listAuditLog(deps: Deps, actor: Actor, input: ListAuditLogInput): Promise<AuditRow[]> {
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
