import { eq } from "drizzle-orm";
import { oncallContacts } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { type Call, parseInput } from "../verb.ts";
import { createOncallContactInput } from "./schemas.ts";

export type OncallContactRow = typeof oncallContacts.$inferSelect;

/** Someone the monitor alerts at once when a dependency degrades. */
export async function createOncallContact(
  call: Call<typeof createOncallContactInput>,
): Promise<OncallContactRow> {
  const input = parseInput(createOncallContactInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const email = input.email.toLowerCase();
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const [existing] = await tx.select().from(oncallContacts).where(eq(oncallContacts.email, email));
    if (existing)
      throw new DomainError(
        "conflict",
        `email: ${email} is already an on-call contact (${existing.id}); delete it first to rename it.`,
      );
    const row: OncallContactRow = { id: newId("oncallContact"), name: input.name, email, createdAt: at };
    await tx.insert(oncallContacts).values(row);
    await recordAudit(tx, at, actor, {
      action: "oncall_contact.create",
      entityType: "oncall_contact",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}
