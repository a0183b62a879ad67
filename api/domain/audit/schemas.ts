import { z } from "zod";

/** A page of the audit log, newest first: `before` is the smallest id of the previous page. */
export const listAuditLogInput = z.strictObject({
  limit: z.int().min(0),
  before: z.int().optional(),
  entity_type: z.string().optional(),
  entity_id: z.string().optional(),
  /** Only what this actor did, e.g. `user:usr_…`, `token:tok_…`, `cli`. */
  actor: z.string().optional(),
});
export type ListAuditLogInput = z.infer<typeof listAuditLogInput>;
