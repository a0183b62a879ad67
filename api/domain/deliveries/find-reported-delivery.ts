import { and, eq, sql } from "drizzle-orm";
import type { Channel } from "../../../db/schema/index.ts";
import { deliveries } from "../../../db/schema/index.ts";
import type { Tx } from "../context.ts";

export interface ProviderReport {
  channel: Extract<Channel, "email" | "sms">;
  /** The address or number the report names (lower-cased for email); none finds nothing. */
  recipient: string | null;
  providerMessageId: string;
}

/**
 * The delivery a provider's report (delivered, bounced, failed…) is about: the message with the id
 * the provider gave, among those sent to the recipient the report names. Provider ids are random, so
 * they are not indexed (each batch would dirty a page of that index per message); the recipient
 * leads to their few deliveries through deliveries_subscriber_idx. On-call contacts get email too.
 */
export async function findReportedDelivery(tx: Tx, report: ProviderReport) {
  const { channel, recipient, providerMessageId } = report;
  if (!recipient) return undefined;
  const recipients =
    channel === "email"
      ? sql`select id from subscribers where channel = 'email' and address = ${recipient}
            union all select id from oncall_contacts where email = ${recipient}`
      : sql`select id from subscribers where channel = ${channel} and address = ${recipient}`;
  const [delivery] = await tx
    .select()
    .from(deliveries)
    .where(
      and(
        sql`${deliveries.subscriberId} in (${recipients})`,
        eq(deliveries.providerMessageId, providerMessageId),
      ),
    )
    .limit(1);
  return delivery;
}

/** The address in `Name <address>` or a bare address, lower-cased as subscriptions store it. */
export function emailRecipient(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string" || !first.trim()) return null;
  const address = /<([^<>]+)>\s*$/.exec(first)?.[1] ?? first;
  return address.trim().toLowerCase();
}
