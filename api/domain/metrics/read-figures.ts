import { and, count, desc, gt, isNotNull, max, min, ne, sql } from "drizzle-orm";
import type { BackupTargetResult } from "../../../db/schema/backups.ts";
import {
  backupRuns,
  deliveries,
  dependencies,
  outboxCursors,
  outboxEvents,
  siteBuilds,
} from "../../../db/schema/index.ts";
import type { PublishResult } from "../../../db/schema/site.ts";
import type { Deps } from "../context.ts";

export interface OutboxLag {
  consumer: string;
  events: number;
  /** Age of the oldest event the consumer has not handled yet; 0 when it is caught up. */
  seconds: number;
}

export interface DeliveryCount {
  channel: string;
  provider: string;
  state: string;
  count: number;
}

export interface OperationalFigures {
  outbox: OutboxLag[];
  /** Pending deliveries whose last attempt failed, waiting for a retry: a provider in trouble. */
  retrying: { channel: string; provider: string; count: number }[];
  dependencies: { state: string; lastCheck: "ok" | "failed" | "never"; enabled: boolean; count: number }[];
  siteBuilds: { status: string; count: number }[];
  lastBuild: { durationSeconds: number | null; succeeded: boolean; finishedAt: Date | null } | null;
  lastSuccessAt: Date | null;
  publishTargets: PublishResult[];
  lastBackup: { succeeded: boolean; durationSeconds: number | null; sizeBytes: number | null } | null;
  lastBackupSuccessAt: Date | null;
  backupTargets: BackupTargetResult[];
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;

/**
 * What an operator watches, read from the database in one go: the metrics endpoint turns it into
 * gauges at scrape time, so no module has to count anything on the way.
 */
export async function readOperationalFigures(deps: Deps): Promise<OperationalFigures> {
  const now = deps.clock.now().getTime();
  return deps.read(async (db) => {
    const [head] = await db.select({ seq: max(outboxEvents.seq) }).from(outboxEvents);
    const cursors = await db.select().from(outboxCursors);
    const outbox: OutboxLag[] = [];
    for (const cursor of cursors) {
      const [oldest] = await db
        .select({ at: min(outboxEvents.createdAt) })
        .from(outboxEvents)
        .where(gt(outboxEvents.seq, cursor.lastSeq));
      const events = Math.max(0, (head?.seq ?? 0) - cursor.lastSeq);
      const at = oldest?.at ? new Date(oldest.at).getTime() : now;
      outbox.push({ consumer: cursor.consumer, events, seconds: events ? seconds(now - at) : 0 });
    }
    const provider = sql<string>`coalesce(${deliveries.provider}, 'none')`;
    const retrying = await db
      .select({ channel: deliveries.channel, provider, count: count() })
      .from(deliveries)
      .where(and(sql`${deliveries.state} = 'pending'`, isNotNull(deliveries.lastError)))
      .groupBy(deliveries.channel, provider);
    const lastCheck = sql<
      "ok" | "failed" | "never"
    >`case when ${dependencies.lastCheckedAt} is null then 'never' when ${dependencies.consecutiveFailures} > 0 then 'failed' else 'ok' end`;
    const dependencyRows = await db
      .select({ state: dependencies.state, lastCheck, enabled: dependencies.enabled, count: count() })
      .from(dependencies)
      .groupBy(dependencies.state, lastCheck, dependencies.enabled);
    const builds = await db
      .select({ status: siteBuilds.status, count: count() })
      .from(siteBuilds)
      .groupBy(siteBuilds.status);
    const [last] = await db
      .select()
      .from(siteBuilds)
      .where(ne(siteBuilds.status, "running"))
      .orderBy(desc(siteBuilds.id))
      .limit(1);
    const [success] = await db
      .select({ at: siteBuilds.finishedAt })
      .from(siteBuilds)
      .where(sql`${siteBuilds.status} = 'succeeded'`)
      .orderBy(desc(siteBuilds.id))
      .limit(1);
    const [backup] = await db
      .select()
      .from(backupRuns)
      .where(ne(backupRuns.status, "running"))
      .orderBy(desc(backupRuns.id))
      .limit(1);
    const [goodBackup] = await db
      .select({ at: backupRuns.finishedAt })
      .from(backupRuns)
      .where(sql`${backupRuns.status} = 'succeeded'`)
      .orderBy(desc(backupRuns.id))
      .limit(1);
    return {
      outbox,
      retrying,
      dependencies: dependencyRows,
      siteBuilds: builds,
      lastBuild: last
        ? {
            durationSeconds: last.durationMs === null ? null : last.durationMs / 1000,
            succeeded: last.status === "succeeded",
            finishedAt: last.finishedAt,
          }
        : null,
      lastSuccessAt: success?.at ?? null,
      publishTargets: last?.publishResults ?? [],
      lastBackup: backup
        ? {
            succeeded: backup.status === "succeeded",
            durationSeconds: backup.durationMs === null ? null : backup.durationMs / 1000,
            sizeBytes: backup.sizeBytes,
          }
        : null,
      lastBackupSuccessAt: goodBackup?.at ?? null,
      backupTargets: backup?.targetResults ?? [],
    };
  });
}

/**
 * Every delivery by channel, provider and state. It reads the whole table (about 100 ms for 200,000
 * deliveries), so callers read it less often than the other figures.
 */
export async function readDeliveryCounts(deps: Deps): Promise<DeliveryCount[]> {
  const provider = sql<string>`coalesce(${deliveries.provider}, 'none')`;
  return deps.read((db) =>
    db
      .select({ channel: deliveries.channel, provider, state: deliveries.state, count: count() })
      .from(deliveries)
      .groupBy(deliveries.channel, provider, deliveries.state),
  );
}
