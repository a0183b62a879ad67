import { asc, gt, inArray } from "drizzle-orm";
import { subscriberComponents, subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Deps } from "../context.ts";
import type { Channel, Locale, SubscriberState } from "../types.ts";
import type { Ctx } from "../verb.ts";

export interface ExportedSubscriber {
  channel: Channel;
  address: string;
  locale: Locale;
  state: SubscriberState;
  /** Empty: every component. */
  components: string[];
  confirmedAt: Date | null;
}

const pageSize = 500;

/**
 * Every subscriber, a page at a time, for a download: the caller streams the pages, so a large list
 * never sits in memory. Taking the list out is audited before the first row is read.
 */
export async function exportSubscribers({
  ctx: { deps, actor },
}: {
  ctx: Ctx;
}): Promise<AsyncGenerator<ExportedSubscriber[], void, undefined>> {
  authorize(actor, "editor");
  await deps.write((tx) =>
    recordAudit(tx, deps.clock.now(), actor, {
      action: "subscribers.export",
      entityType: "subscriber",
      entityId: null,
    }),
  );
  return pages(deps);
}

async function* pages(deps: Deps): AsyncGenerator<ExportedSubscriber[], void, undefined> {
  let after: string | undefined;
  // Bounded: each page moves the cursor forward, and a page shorter than asked is the last.
  for (;;) {
    const cursor = after;
    const rows = await deps.read(async (db) => {
      const page = await db
        .select({
          id: subscribers.id,
          channel: subscribers.channel,
          address: subscribers.address,
          locale: subscribers.locale,
          state: subscribers.state,
          confirmedAt: subscribers.confirmedAt,
        })
        .from(subscribers)
        .where(cursor ? gt(subscribers.id, cursor) : undefined)
        .orderBy(asc(subscribers.id))
        .limit(pageSize);
      const links = page.length
        ? await db
            .select()
            .from(subscriberComponents)
            .where(
              inArray(
                subscriberComponents.subscriberId,
                page.map((r) => r.id),
              ),
            )
        : [];
      return page.map(({ id, ...row }) => ({
        ...row,
        components: links.filter((l) => l.subscriberId === id).map((l) => l.componentId),
        id,
      }));
    });
    if (rows.length === 0) return;
    yield rows.map(({ id: _id, ...row }) => row);
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
