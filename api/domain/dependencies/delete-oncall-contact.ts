import { eq } from "drizzle-orm";
import { oncallContacts } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { notFound } from "../errors.ts";
import { byIdInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";

export async function deleteOncallContact(call: Call<typeof byIdInput>): Promise<void> {
  const { id } = parseInput(byIdInput, call.input);
  const { deps, actor } = call.ctx;
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
