import { incidentComponents, incidents } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { type IncidentRow, insertUpdate, newIncidentRow } from "../incidents/incident-store.ts";
import { scheduleMaintenanceInput } from "../incidents/schemas.ts";
import { saveNameTranslations } from "../incidents/update-incident.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";

export function checkWindow(scheduledFor: Date, scheduledUntil: Date) {
  if (scheduledUntil <= scheduledFor)
    throw new DomainError("invalid_input", "scheduled_until must be after scheduled_for.");
}

/**
 * Schedules a maintenance. Its components keep their status until it starts (by the scheduler at
 * `scheduled_for` when `auto_start`, or by an `in_progress` update).
 */
export async function scheduleMaintenance(
  call: Call<typeof scheduleMaintenanceInput>,
): Promise<{ maintenance: IncidentRow; updateId: string }> {
  const input = parseInput(scheduleMaintenanceInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const scheduledFor = new Date(input.scheduled_for);
  const scheduledUntil = new Date(input.scheduled_until);
  checkWindow(scheduledFor, scheduledUntil);
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    if (scheduledUntil <= at)
      throw new DomainError(
        "invalid_input",
        "scheduled_until is in the past; a maintenance must end in the future.",
      );
    const componentIds = [...new Set(input.components ?? [])];
    await getAffectedComponents(tx, componentIds);
    const maintenance = newIncidentRow(at, {
      id: newId("maintenance"),
      kind: "maintenance",
      name: input.name,
      status: "scheduled",
      impact: "maintenance",
      scheduledFor,
      scheduledUntil,
      autoStart: input.auto_start ?? true,
      autoComplete: input.auto_complete ?? true,
      remindPriorMinutes: input.remind_prior_minutes === undefined ? 60 : input.remind_prior_minutes,
      startedAt: scheduledFor,
    });
    await tx.insert(incidents).values(maintenance);
    fireAfterCommit(tx, "schedule-changed");
    for (const componentId of componentIds) {
      await tx.insert(incidentComponents).values({ incidentId: maintenance.id, componentId });
    }
    await saveNameTranslations(tx, maintenance.id, input.name_translations);
    const deliverNotifications = input.deliver_notifications ?? true;
    const updateId = await insertUpdate(tx, at, maintenance, {
      status: "scheduled",
      body: input.body,
      components: {},
      deliverNotifications,
      displayAt: at,
      bodyTranslations: input.body_translations,
      applyToComponents: true,
    });
    await appendEvent(tx, at, "maintenance.scheduled", {
      maintenance_id: maintenance.id,
      update_id: updateId,
      status: "scheduled",
      deliver_notifications: deliverNotifications,
    });
    await recordAudit(tx, at, actor, {
      action: "maintenance.schedule",
      entityType: "maintenance",
      entityId: maintenance.id,
      after: { ...maintenance, components: componentIds, body: input.body },
    });
    return { maintenance, updateId };
  });
}
