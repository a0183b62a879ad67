import { and, desc, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { MessageKind } from "../../../db/schema/deliveries.ts";
import { deliveries, incidents } from "../../../db/schema/index.ts";
import { authorize } from "../authorize.ts";
import { type Call, parseInput } from "../verb.ts";
import {
  type CountsByChannel,
  countByCauseAndChannel,
  countColumns,
  type DeliveryCounts,
} from "./delivery-counts.ts";

export type { DeliveryCounts } from "./delivery-counts.ts";

export interface NotificationSummary {
  /** The outbox event that caused the notification. */
  id: string;
  incidentId: string | null;
  incidentName: string | null;
  /** Null for a maintenance reminder, which belongs to no update. */
  updateId: string | null;
  kind: MessageKind;
  createdAt: Date;
  counts: DeliveryCounts;
  /** The same counts per channel (email, sms, webhook, ...), for the channels it used. */
  byChannel: CountsByChannel;
  /** Messages handed to each provider (resend, mailbox). */
  byProvider: Record<string, number>;
}

export const listNotificationsInput = z.strictObject({ limit: z.int().min(1).max(500) });

/** Newest notifications first, with what became of their messages. Confirmations are not listed. */
export async function listNotifications(
  call: Call<typeof listNotificationsInput>,
): Promise<NotificationSummary[]> {
  const { limit } = parseInput(listNotificationsInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "viewer");
  return deps.read(async (db) => {
    const rows = await db
      .select({
        id: deliveries.cause,
        incidentId: sql<string | null>`max(${deliveries.incidentId})`,
        updateId: sql<string | null>`max(${deliveries.updateId})`,
        kind: sql<MessageKind>`max(${deliveries.kind})`,
        createdAt: sql<number>`min(${deliveries.createdAt})`.mapWith(Number),
        ...countColumns,
      })
      .from(deliveries)
      .where(ne(deliveries.kind, "confirmation"))
      .groupBy(deliveries.cause)
      .orderBy(desc(sql`min(${deliveries.createdAt})`), desc(deliveries.cause))
      .limit(limit);
    if (rows.length === 0) return [];
    const causes = rows.map((r) => r.id);
    const providers = await db
      .select({ cause: deliveries.cause, provider: deliveries.provider, n: sql<number>`count(*)` })
      .from(deliveries)
      .where(and(inArray(deliveries.cause, causes), isNotNull(deliveries.provider)))
      .groupBy(deliveries.cause, deliveries.provider);
    const byChannel = await countByCauseAndChannel(db, inArray(deliveries.cause, causes));
    const incidentIds = [...new Set(rows.flatMap((r) => (r.incidentId ? [r.incidentId] : [])))];
    const names = new Map(
      (
        await db
          .select({ id: incidents.id, name: incidents.name })
          .from(incidents)
          .where(inArray(incidents.id, incidentIds))
      ).map((i) => [i.id, i.name]),
    );
    return rows.map(({ id, incidentId, updateId, kind, createdAt, ...counts }) => ({
      id,
      incidentId,
      incidentName: incidentId ? (names.get(incidentId) ?? null) : null,
      updateId,
      kind,
      createdAt: new Date(createdAt),
      counts,
      byChannel: byChannel.get(id) ?? {},
      byProvider: Object.fromEntries(
        providers.filter((p) => p.cause === id).map((p) => [p.provider!, Number(p.n)]),
      ),
    }));
  });
}
