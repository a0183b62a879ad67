import { eq } from "drizzle-orm";
import type { Locale } from "../../../db/schema/enums.ts";
import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { systemActor } from "../context.ts";
import { getSettings } from "../settings/get-settings.ts";
import { type Call, type PublicCtx, parseInput } from "../verb.ts";
import { subscriptions } from "./schemas.ts";
import {
  findByAddress,
  newSubscriberRow,
  queueConfirmation,
  type SubscriberRow,
  setComponents,
} from "./subscriber-store.ts";

const publicActor = systemActor("public");

/**
 * Starts an email subscription (double opt-in). The outcome is deliberately invisible to the caller:
 * the same answer whether the address is new, pending, active or suppressed, so nobody can probe who
 * subscribes. A new or lapsed address gets a confirmation email; a pending one gets it again.
 */
export async function subscribeEmail(call: Call<typeof subscriptions.email, PublicCtx>): Promise<void> {
  const input = parseInput(subscriptions.email, call.input);
  const { deps } = call.ctx;
  const settings = await getSettings(deps);
  const locale: Locale = input.locale ?? settings.defaultLocale;
  const address = input.address.toLowerCase();
  await deps.write(async (tx) => {
    const at = deps.clock.now();
    // Unknown components are refused before anything else, whoever the address belongs to.
    await getAffectedComponents(tx, input.components ?? []);
    const existing = await findByAddress(tx, input.channel, address);
    if (existing?.state === "active" || existing?.state === "suppressed") return;
    let row: SubscriberRow;
    if (existing) {
      row = { ...existing, state: "pending", locale, updatedAt: at, unsubscribedAt: null };
      await tx.update(subscribers).set(row).where(eq(subscribers.id, existing.id));
    } else {
      row = newSubscriberRow({ channel: input.channel, address, locale, state: "pending", at });
      await tx.insert(subscribers).values(row);
    }
    await setComponents(tx, row.id, input.components ?? []);
    await queueConfirmation(tx, at, row);
    await recordAudit(tx, at, publicActor, {
      action: existing ? "subscriber.resubscribe" : "subscriber.create",
      entityType: "subscriber",
      entityId: row.id,
      after: { channel: row.channel, locale, components: input.components ?? [] },
    });
  });
}
