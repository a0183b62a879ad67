import { eq } from "drizzle-orm";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError, notFound } from "../errors.ts";
import { byIdInput } from "../schemas.ts";
import { type Call, parseInput } from "../verb.ts";
import type { SubscriberRow } from "./subscriber-store.ts";

/**
 * An admin ends a subscription (the person asked by other means). Only an active or pending one:
 * a suppressed address or a disabled endpoint already gets nothing, and keeps its reason.
 */
export async function unsubscribeSubscriber(call: Call<typeof byIdInput>): Promise<SubscriberRow> {
  const { id } = parseInput(byIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const [row] = await tx.select().from(subscribers).where(eq(subscribers.id, id));
    if (!row) throw notFound("Subscriber", id);
    if (row.state !== "active" && row.state !== "pending")
      throw new DomainError(
        "invalid_transition",
        `${row.address} is ${row.state}: it already gets no message.`,
      );
    const changes = { state: "unsubscribed" as const, unsubscribedAt: at, updatedAt: at };
    await tx.update(subscribers).set(changes).where(eq(subscribers.id, id));
    await recordAudit(tx, at, actor, {
      action: "subscriber.unsubscribe",
      entityType: "subscriber",
      entityId: id,
      before: { state: row.state },
      after: { state: changes.state },
    });
    return { ...row, ...changes };
  });
}
