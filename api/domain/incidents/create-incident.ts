import type { Locale } from "../../../db/schema/enums.ts";
import { incidents, incidentTranslations } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { type Call, parseInput } from "../verb.ts";
import { type IncidentRow, insertUpdate, newIncidentRow, refreshIncident } from "./incident-store.ts";
import { createIncidentInput } from "./schemas.ts";

export interface CreatedIncident {
  incident: IncidentRow;
  updateId: string;
}

/**
 * Opens an incident with its first update and sets its components. With `backfilled_at` it records a
 * past incident instead: dated in the past, notifying nobody, leaving the live components alone.
 */
export async function createIncident(call: Call<typeof createIncidentInput>): Promise<CreatedIncident> {
  const input = parseInput(createIncidentInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  const now = deps.clock.now();
  const backfilledAt = input.backfilled_at ? new Date(input.backfilled_at) : null;
  const resolvedAt = input.resolved_at ? new Date(input.resolved_at) : null;
  if (backfilledAt && backfilledAt > now)
    throw new DomainError(
      "invalid_input",
      "backfilled_at must be in the past; schedule a maintenance for the future.",
    );
  if (resolvedAt && !backfilledAt)
    throw new DomainError("invalid_input", "resolved_at is only accepted with backfilled_at.");
  if (resolvedAt && input.status !== undefined && input.status !== "resolved")
    throw new DomainError(
      "invalid_input",
      `resolved_at says the incident is over but status is "${input.status}": send status "resolved" (or leave it out), or remove resolved_at to record an incident still open.`,
    );
  if (resolvedAt && backfilledAt && (resolvedAt < backfilledAt || resolvedAt > now))
    throw new DomainError("invalid_input", "resolved_at must be between backfilled_at and now.");

  return deps.write(async (tx) => {
    const at = backfilledAt ?? now;
    const status = input.status ?? (backfilledAt ? "resolved" : "investigating");
    const incident = newIncidentRow(at, {
      id: newId("incident"),
      kind: "incident",
      name: input.name,
      status,
      impact: input.impact ?? "none",
      impactOverride: input.impact ?? null,
      backfilled: backfilledAt !== null,
    });
    await tx.insert(incidents).values(incident);
    for (const [locale, name] of Object.entries(input.name_translations ?? {})) {
      await tx
        .insert(incidentTranslations)
        .values({ incidentId: incident.id, locale: locale as Locale, name });
    }
    const deliverNotifications = backfilledAt ? false : (input.deliver_notifications ?? true);
    const updateId = await insertUpdate(tx, at, incident, {
      status,
      body: input.body,
      components: input.components ?? {},
      deliverNotifications,
      displayAt: at,
      bodyTranslations: input.body_translations,
      applyToComponents: !backfilledAt,
    });
    await refreshIncident(tx, resolvedAt ?? at, incident, status);
    if (backfilledAt) incident.updatedAt = resolvedAt ?? at;
    await appendEvent(tx, now, "incident.created", {
      incident_id: incident.id,
      update_id: updateId,
      status,
      deliver_notifications: deliverNotifications,
    });
    await recordAudit(tx, now, actor, {
      action: "incident.create",
      entityType: "incident",
      entityId: incident.id,
      after: { ...incident, body: input.body, components: input.components ?? {} },
    });
    return { incident, updateId };
  });
}
