import { auditLog } from "../../../db/schema/index.ts";
import type { Actor, Tx } from "../context.ts";

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row in the caller's transaction. */
export async function recordAudit(tx: Tx, at: Date, actor: Actor, input: AuditInput) {
  await tx.insert(auditLog).values({
    at,
    actor: actor.id,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
  });
}
