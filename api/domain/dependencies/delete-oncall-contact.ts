import { eq } from "drizzle-orm";
import { oncallContacts } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Actor, Deps } from "../context.ts";
import { notFound } from "../errors.ts";

export async function deleteOncallContact(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, "editor");
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    const [row] = await tx.select().from(oncallContacts).where(eq(oncallContacts.id, id));
    if (!row) throw notFound("On-call contact", id);
    await tx.delete(oncallContacts).where(eq(oncallContacts.id, id));
    await recordAudit(tx, at, actor, {
      action: "oncall_contact.delete",
      entityType: "oncall_contact",
      entityId: id,
      before: row,
    });
  });
}
