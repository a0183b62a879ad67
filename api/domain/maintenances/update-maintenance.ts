import { eq } from "drizzle-orm";
import { incidentComponents, incidents } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { DomainError } from "../errors.ts";
import { getIncident, type IncidentRow } from "../incidents/incident-store.ts";
import { updateMaintenanceByIdInput } from "../incidents/schemas.ts";
import { saveNameTranslations } from "../incidents/update-incident.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { fireAfterCommit } from "../signals.ts";
import { type Call, parseInput } from "../verb.ts";
import { checkWindow } from "./schedule-maintenance.ts";

/** Edits a maintenance's name, window, components or automation without posting an update. */
export async function updateMaintenance(call: Call<typeof updateMaintenanceByIdInput>): Promise<IncidentRow> {
  const { id, ...input } = parseInput(updateMaintenanceByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const maintenance = await getIncident(tx, id, "maintenance");
    const before = { ...maintenance };
    const changes: Partial<IncidentRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.auto_start !== undefined) changes.autoStart = input.auto_start;
    if (input.auto_complete !== undefined) changes.autoComplete = input.auto_complete;
    if (input.remind_prior_minutes !== undefined) changes.remindPriorMinutes = input.remind_prior_minutes;
    if (input.scheduled_for !== undefined || input.scheduled_until !== undefined) {
      if (maintenance.status === "completed")
        throw new DomainError(
          "invalid_transition",
          "This maintenance is completed; its window can no longer move.",
        );
      const scheduledFor = input.scheduled_for ? new Date(input.scheduled_for) : maintenance.scheduledFor!;
      const scheduledUntil = input.scheduled_until
        ? new Date(input.scheduled_until)
        : maintenance.scheduledUntil!;
      checkWindow(scheduledFor, scheduledUntil);
      changes.scheduledFor = scheduledFor;
      changes.scheduledUntil = scheduledUntil;
      const moved =
        scheduledFor.getTime() !== maintenance.scheduledFor?.getTime() ||
        scheduledUntil.getTime() !== maintenance.scheduledUntil?.getTime();
      if (moved) changes.scheduleRevision = maintenance.scheduleRevision + 1;
      if (maintenance.status === "scheduled") {
        changes.startedAt = scheduledFor;
        changes.remindedAt = null;
      }
    }
    if (input.components !== undefined) {
      const ids = [...new Set(input.components)];
      await getAffectedComponents(tx, ids);
      await tx.delete(incidentComponents).where(eq(incidentComponents.incidentId, id));
      for (const componentId of ids)
        await tx.insert(incidentComponents).values({ incidentId: id, componentId });
    }
    await tx.update(incidents).set(changes).where(eq(incidents.id, id));
    fireAfterCommit(tx, "schedule-changed");
    await saveNameTranslations(tx, id, input.name_translations);
    Object.assign(maintenance, changes);
    await appendEvent(tx, at, "maintenance.updated", { maintenance_id: id, edited: true });
    await recordAudit(tx, at, actor, {
      action: "maintenance.edit",
      entityType: "maintenance",
      entityId: id,
      before,
      after: maintenance,
    });
    return maintenance;
  });
}
