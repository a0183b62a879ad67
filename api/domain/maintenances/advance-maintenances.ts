import { and, asc, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import { incidents } from "../../../db/schema/index.ts";
import { type Actor, type Deps, systemActor, type Tx } from "../context.ts";
import { postUpdateInTx } from "../incidents/post-update.ts";
import { appendEvent } from "../outbox/append-event.ts";

const scheduler: Actor = systemActor("scheduler");

export const autoStartBody = "The scheduled maintenance is now in progress.";
export const autoCompleteBody = "The scheduled maintenance has been completed.";

/**
 * Moves every maintenance whose window edge has passed: scheduled → in_progress at `scheduled_for`
 * (auto_start), in_progress/verifying → completed at `scheduled_until` (auto_complete). Each move is
 * decided inside the write transaction, so several processes running this never move one twice.
 * Returns how many moves it made.
 */
export async function advanceMaintenances(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  return deps.write(async (tx) => {
    let moves = 0;
    const toStart = await tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.kind, "maintenance"),
          eq(incidents.status, "scheduled"),
          eq(incidents.autoStart, true),
          eq(incidents.published, true),
          lte(incidents.scheduledFor, now),
        ),
      )
      .orderBy(asc(incidents.scheduledFor));
    for (const m of toStart) {
      await postUpdateInTx(tx, now, scheduler, "maintenance", m.id, {
        status: "in_progress",
        body: autoStartBody,
      });
      moves++;
    }
    const toComplete = await tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.kind, "maintenance"),
          inArray(incidents.status, ["in_progress", "verifying"]),
          eq(incidents.autoComplete, true),
          lte(incidents.scheduledUntil, now),
        ),
      )
      .orderBy(asc(incidents.scheduledUntil));
    for (const m of toComplete) {
      await postUpdateInTx(tx, now, scheduler, "maintenance", m.id, {
        status: "completed",
        body: autoCompleteBody,
      });
      moves++;
    }
    await sendReminders(tx, now);
    return moves;
  });
}

/** Marks maintenances whose reminder time has come and tells subscribers (one event each). */
async function sendReminders(tx: Tx, now: Date): Promise<number> {
  const due = await tx
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.kind, "maintenance"),
        eq(incidents.status, "scheduled"),
        eq(incidents.published, true),
        isNull(incidents.remindedAt),
        gt(incidents.scheduledFor, now),
      ),
    );
  let sent = 0;
  for (const m of due) {
    const minutes = m.remindPriorMinutes ?? 0;
    if (minutes <= 0 || m.scheduledFor!.getTime() - minutes * 60_000 > now.getTime()) continue;
    await tx.update(incidents).set({ remindedAt: now }).where(eq(incidents.id, m.id));
    await appendEvent(tx, now, "maintenance.reminder", { maintenance_id: m.id, deliver_notifications: true });
    sent++;
  }
  return sent;
}

/** When the next window edge falls, so the scheduler can sleep until then. */
export async function nextMaintenanceEdge(deps: Deps): Promise<Date | null> {
  return deps.read(async (db) => {
    const rows = await db
      .select({
        remindedAt: incidents.remindedAt,
        remindPriorMinutes: incidents.remindPriorMinutes,
        status: incidents.status,
        scheduledFor: incidents.scheduledFor,
        scheduledUntil: incidents.scheduledUntil,
        autoStart: incidents.autoStart,
        autoComplete: incidents.autoComplete,
      })
      .from(incidents)
      .where(
        and(
          eq(incidents.kind, "maintenance"),
          eq(incidents.published, true),
          inArray(incidents.status, ["scheduled", "in_progress", "verifying"]),
        ),
      );
    let next: Date | null = null;
    for (const r of rows) {
      const edge =
        r.status === "scheduled"
          ? r.autoStart
            ? r.scheduledFor
            : null
          : r.autoComplete
            ? r.scheduledUntil
            : null;
      if (edge && (!next || edge < next)) next = edge;
      const remindAt =
        r.status === "scheduled" && !r.remindedAt && r.remindPriorMinutes && r.scheduledFor
          ? new Date(r.scheduledFor.getTime() - r.remindPriorMinutes * 60_000)
          : null;
      if (remindAt && (!next || remindAt < next)) next = remindAt;
    }
    return next;
  });
}
